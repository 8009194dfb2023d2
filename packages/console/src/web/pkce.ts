/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636, S256) against the Cognito hosted UI:
 * `/oauth2/authorize` then `/oauth2/token` (a public app client: no secret in a browser).
 */
export interface HostedUi {
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

const VERIFIER_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/** 64 unreserved characters from the platform's CSPRNG (RFC 7636: 43 to 128). */
export function createVerifier(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(64));
  return Array.from(bytes, (byte) => VERIFIER_ALPHABET[byte % VERIFIER_ALPHABET.length]).join("");
}

/** BASE64URL(SHA-256(verifier)), without padding. */
export async function challengeOf(verifier: string, subtle: SubtleCrypto): Promise<string> {
  const digest = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const base64 = btoa(String.fromCharCode(...digest));
  return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function authorizeUrl(ui: HostedUi, input: { challenge: string; state: string }): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: ui.clientId,
    redirect_uri: ui.redirectUri,
    scope: "openid",
    code_challenge_method: "S256",
    code_challenge: input.challenge,
    state: input.state,
  });
  return `${ui.domain.replace(/\/$/, "")}/oauth2/authorize?${query}`;
}

/** The token request: form-encoded, as Cognito's /oauth2/token takes it. */
export function tokenRequest(ui: HostedUi, input: { code: string; verifier: string }) {
  return {
    url: `${ui.domain.replace(/\/$/, "")}/oauth2/token`,
    init: {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: ui.clientId,
        redirect_uri: ui.redirectUri,
        code: input.code,
        code_verifier: input.verifier,
      }).toString(),
    },
  } as const;
}
