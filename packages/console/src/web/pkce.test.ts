import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authorizeUrl, challengeOf, createVerifier, tokenRequest } from "./pkce.ts";

const ui = {
  domain: "https://ops.auth.eu-west-1.amazoncognito.com/",
  clientId: "abc123",
  redirectUri: "https://console.example/",
};

describe("PKCE against the Cognito hosted UI", () => {
  it("derives the S256 challenge of RFC 7636's appendix B example", async () => {
    const challenge = await challengeOf(
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
      webcrypto.subtle as SubtleCrypto,
    );
    expect(challenge).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes a 64-character verifier of unreserved characters from the random bytes", () => {
    const verifier = createVerifier((bytes) => webcrypto.getRandomValues(bytes));
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(createVerifier((bytes) => bytes.fill(65))).toBe("~".repeat(64));
  });

  it("asks the hosted UI for a code with the challenge, and trades it with the verifier", () => {
    const url = new URL(authorizeUrl(ui, { challenge: "CH", state: "ST" }));
    expect(`${url.origin}${url.pathname}`).toBe(
      "https://ops.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "abc123",
      redirect_uri: "https://console.example/",
      scope: "openid",
      code_challenge_method: "S256",
      code_challenge: "CH",
      state: "ST",
    });
    const request = tokenRequest(ui, { code: "CODE", verifier: "VER" });
    expect(request.url).toBe("https://ops.auth.eu-west-1.amazoncognito.com/oauth2/token");
    expect(Object.fromEntries(new URLSearchParams(request.init.body))).toEqual({
      grant_type: "authorization_code",
      client_id: "abc123",
      redirect_uri: "https://console.example/",
      code: "CODE",
      code_verifier: "VER",
    });
  });
});
