import { mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { createCognitoTokenVerifier } from "../aws/createCognitoTokenVerifier.ts";
import { createLocalIssuer } from "./createLocalIssuer.ts";
import { createLocalTokenVerifier } from "./createLocalTokenVerifier.ts";

const dataDir = () => mkdtemp(join(tmpdir(), "bbws-issuer-"));

describe("createLocalIssuer", () => {
  it("makes its key once, 0600 in a 0700 directory, and reuses it on the next start", async () => {
    const dir = await dataDir();
    const first = await createLocalIssuer({ dataDir: dir });
    const second = await createLocalIssuer({ dataDir: dir });
    expect(second.jwks).toEqual(first.jwks);
    expect((await stat(join(dir, "api-issuer", "signing-key.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "api-issuer"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, "api-issuer"))).toEqual(["signing-key.json"]);
  });

  it("agrees on one key when several processes start at once", async () => {
    const dir = await dataDir();
    const issuers = await Promise.all(Array.from({ length: 5 }, () => createLocalIssuer({ dataDir: dir })));
    expect(new Set(issuers.map((issuer) => issuer.jwks.keys[0]?.kid)).size).toBe(1);
    expect(await readdir(join(dir, "api-issuer"))).toEqual(["signing-key.json"]);
  });

  it("publishes only the public half of the key", async () => {
    const issuer = await createLocalIssuer({ dataDir: await dataDir() });
    const [key] = issuer.jwks.keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    for (const member of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(member);
  });

  it("mints Cognito-shaped access tokens the local verifier accepts", async () => {
    const issuer = await createLocalIssuer({ dataDir: await dataDir() });
    const token = await issuer.mintToken({ groups: ["platform-operators"], subject: "u1", username: "ada" });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "RS256", kid: issuer.jwks.keys[0]?.kid });
    const claims = await createLocalTokenVerifier(issuer).verify(token);
    expect(claims).toMatchObject({
      iss: issuer.issuer,
      sub: "u1",
      username: "ada",
      token_use: "access",
      "cognito:groups": ["platform-operators"],
    });
  });

  it("rejects expired tokens, tampered tokens and tokens of another issuer's key", async () => {
    const issuer = await createLocalIssuer({ dataDir: await dataDir() });
    const verifier = createLocalTokenVerifier(issuer);
    const expired = await issuer.mintToken({ groups: ["platform-operators"], expiresInSeconds: -1 });
    await expect(verifier.verify(expired)).rejects.toThrow(/expired/i);
    const other = await createLocalIssuer({ dataDir: await dataDir() });
    await expect(
      verifier.verify(await other.mintToken({ groups: ["platform-operators"] })),
    ).rejects.toThrow();
    const good = await issuer.mintToken({ groups: ["platform-viewers"] });
    const [header, payload, signature] = good.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...decodeJwt(good), "cognito:groups": ["platform-operators"] }),
    ).toString("base64url");
    expect(payload).not.toBe(forged);
    await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toThrow();
  });
});

describe("createCognitoTokenVerifier", () => {
  const userPoolId = "eu-west-1_Test1234";
  const cognitoIssuer = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;

  it("accepts the pool's access tokens for the app client, with a pre-loaded JWKS", async () => {
    const pool = await createLocalIssuer({ dataDir: await dataDir(), issuer: cognitoIssuer });
    const verifier = createCognitoTokenVerifier({
      userPoolId,
      clientId: "bbws-local-operators",
      jwks: pool.jwks as never,
    });
    const claims = await verifier.verify(
      await pool.mintToken({ groups: ["platform-viewers"], subject: "u2" }),
    );
    expect(claims).toMatchObject({ sub: "u2", "cognito:groups": ["platform-viewers"] });
  });

  it("rejects a token of another app client or another pool", async () => {
    const pool = await createLocalIssuer({ dataDir: await dataDir(), issuer: cognitoIssuer });
    const otherClient = createCognitoTokenVerifier({
      userPoolId,
      clientId: "someone-else",
      jwks: pool.jwks as never,
    });
    await expect(otherClient.verify(await pool.mintToken({ groups: [] }))).rejects.toThrow();
    const local = await createLocalIssuer({ dataDir: await dataDir() });
    const verifier = createCognitoTokenVerifier({
      userPoolId,
      clientId: "bbws-local-operators",
      jwks: pool.jwks as never,
    });
    await expect(verifier.verify(await local.mintToken({ groups: [] }))).rejects.toThrow();
  });
});
