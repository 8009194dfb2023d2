import { authorizeUrl, challengeOf, createVerifier, type HostedUi, tokenRequest } from "./pkce.ts";

export interface ConsoleConfig {
  readonly apiUrl: string;
  readonly auth:
    | { readonly mode: "local" }
    | { readonly mode: "cognito"; readonly domain: string; readonly clientId: string };
}

export interface Session {
  readonly token: string;
  readonly username: string;
  /** platform-operators may act; platform-viewers only look (the API enforces it, the console shows it). */
  readonly canOperate: boolean;
}

const TOKEN_KEY = "bbws.console.token";
const PKCE_KEY = "bbws.console.pkce";

/**
 * The signed-in operator, or a redirect to sign in. Locally `npm start` prints a link whose
 * fragment carries a token of the stack's issuer (a fragment never reaches a server or a log);
 * on AWS the operators' Cognito hosted UI, authorization code + PKCE. The token lives in
 * sessionStorage: gone with the tab.
 */
export async function signIn(config: ConsoleConfig): Promise<Session | undefined> {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("access_token");
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, "", `${location.pathname}#/instances`);
  }
  if (config.auth.mode === "cognito") await finishHostedUiSignIn(hostedUi(config.auth));
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token && !expired(token)) return sessionOf(token);
  sessionStorage.removeItem(TOKEN_KEY);
  if (config.auth.mode === "cognito") await startHostedUiSignIn(hostedUi(config.auth));
  return undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

function hostedUi(auth: { domain: string; clientId: string }): HostedUi {
  return {
    domain: auth.domain,
    clientId: auth.clientId,
    redirectUri: `${location.origin}${location.pathname}`,
  };
}

async function startHostedUiSignIn(ui: HostedUi): Promise<void> {
  const random = (bytes: Uint8Array) => crypto.getRandomValues(bytes);
  const verifier = createVerifier(random);
  const state = createVerifier(random).slice(0, 32);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(ui, { challenge: await challengeOf(verifier, crypto.subtle), state }));
}

async function finishHostedUiSignIn(ui: HostedUi): Promise<void> {
  const query = new URLSearchParams(location.search);
  const code = query.get("code");
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? "null") as {
    verifier: string;
    state: string;
  } | null;
  if (!code || !saved || query.get("state") !== saved.state) return;
  sessionStorage.removeItem(PKCE_KEY);
  const request = tokenRequest(ui, { code, verifier: saved.verifier });
  const answer = await fetch(request.url, request.init);
  if (!answer.ok) throw new Error(`the hosted UI refused the sign-in code (${answer.status})`);
  const tokens = (await answer.json()) as { access_token: string };
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  history.replaceState(null, "", `${location.pathname}#/instances`);
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  try {
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function expired(token: string): boolean {
  const exp = claimsOf(token).exp;
  return typeof exp === "number" && exp * 1000 <= Date.now();
}

function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const groups = Array.isArray(claims["cognito:groups"]) ? (claims["cognito:groups"] as string[]) : [];
  const username = typeof claims.username === "string" ? claims.username : String(claims.sub ?? "");
  return { token, username, canOperate: groups.includes("platform-operators") };
}
