import { createHash } from "node:crypto";

/** What an idempotency store keeps per key (the port's unit of storage). */
export interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly status: "in-progress" | "completed";
  /** Epoch ms: an in-progress claim older than this was abandoned (a crash) and may be taken over. */
  readonly lockedUntil: number;
  /** Epoch ms: after this the entry is as good as absent. */
  readonly expiresAt: number;
  readonly response?: StoredResponse;
}

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ClaimDecision = "claim" | "replay" | "mismatch" | "in-progress";

/**
 * The same key with the same request replays the first answer; with another request it
 * is refused (422), even while the first still runs. A claim whose lock expired is
 * taken over: the commands derive their ids from the key, so running again is safe.
 */
export function decideClaim(
  existing: IdempotencyEntry | null,
  fingerprint: string,
  now: number,
): ClaimDecision {
  if (!existing || existing.expiresAt <= now) return "claim";
  if (existing.fingerprint !== fingerprint) return "mismatch";
  if (existing.status === "completed") return "replay";
  return existing.lockedUntil <= now ? "claim" : "in-progress";
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function fingerprintOf(request: { method: string; path: string; body: unknown }): string {
  return createHash("sha256")
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body ?? {})}`)
    .digest("base64url");
}

/**
 * A UUID (version 8, RFC 9562 "custom") derived from the caller's idempotency key and a
 * purpose. A retry after a crash sends the ledger the same instanceId and operationId,
 * which it treats as the same command, so even a lost idempotency record cannot make a
 * second instance or operation.
 */
export function derivedId(scope: string, purpose: string): string {
  const hex = createHash("sha256").update(`${purpose}\u0000${scope}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
