import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

export interface LocalJwks {
  readonly keys: readonly JWK[];
}

export interface MintRequest {
  readonly groups: readonly string[];
  readonly subject?: string;
  readonly username?: string;
  readonly expiresInSeconds?: number;
}

/** The local stack's stand-in for the operators' Cognito pool: one RSA key, its JWKS, and tokens. */
export interface LocalIssuer {
  readonly issuer: string;
  readonly jwks: LocalJwks;
  /** An access token shaped like Cognito's (`cognito:groups`, `token_use`, `client_id`, `username`). */
  mintToken(request: MintRequest): Promise<string>;
}

interface StoredKey {
  readonly kid: string;
  readonly privateJwk: JWK;
}

export const LOCAL_ISSUER = "http://localhost/bbws-local-issuer";
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"] as const;

/**
 * Makes an RSA key pair once under `{dataDir}/api-issuer/` (directory 0700, key file
 * 0600) and reuses it on every later start, so tokens outlive restarts. Two processes
 * starting together agree on one key: each writes a temporary file and links it into
 * place, and `link` refuses to replace an existing file.
 */
export async function createLocalIssuer(options: {
  dataDir: string;
  issuer?: string;
  now?: () => number;
}): Promise<LocalIssuer> {
  const issuer = options.issuer ?? LOCAL_ISSUER;
  const now = options.now ?? Date.now;
  const stored = await loadOrCreateKey(join(options.dataDir, "api-issuer"));
  const publicJwk = publicPart(stored.privateJwk, stored.kid);
  const signingKey = await importJWK(stored.privateJwk, "RS256");
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    async mintToken(request) {
      const subject = request.subject ?? randomUUID();
      const issuedAt = Math.floor(now() / 1000);
      return new SignJWT({
        "cognito:groups": [...request.groups],
        token_use: "access",
        client_id: "bbws-local-operators",
        username: request.username ?? subject,
        scope: "aws.cognito.signin.user.admin",
      })
        .setProtectedHeader({ alg: "RS256", kid: stored.kid, typ: "JWT" })
        .setIssuer(issuer)
        .setSubject(subject)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (request.expiresInSeconds ?? 3600))
        .sign(signingKey);
    },
  };
}

async function loadOrCreateKey(directory: string): Promise<StoredKey> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const file = join(directory, "signing-key.json");
  const existing = await readKey(file);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify({ kid, privateJwk } satisfies StoredKey), {
    mode: 0o600,
    flag: "wx",
  });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temporary);
  }
  const created = await readKey(file);
  if (!created) throw new Error(`the local issuer's key ${file} vanished while it was created`);
  return created;
}

async function readKey(file: string): Promise<StoredKey | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function publicPart(privateJwk: JWK, kid: string): JWK {
  const jwk: JWK = { ...privateJwk, kid, alg: "RS256", use: "sig" };
  for (const member of PRIVATE_MEMBERS) delete jwk[member];
  return jwk;
}
