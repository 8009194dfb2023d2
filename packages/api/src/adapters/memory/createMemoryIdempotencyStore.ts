import { decideClaim, type IdempotencyEntry } from "../../domain/idempotency.ts";
import type { IdempotencyStore } from "../../ports.ts";

/**
 * An in-process IdempotencyStore: for tests, the benchmark and a single local process.
 * Answers are lost on restart (then a retry runs again, which the derived command ids
 * make safe). At most `maxEntries` are kept, the oldest dropped first.
 */
export function createMemoryIdempotencyStore(options: { maxEntries?: number } = {}): IdempotencyStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, IdempotencyEntry>();

  function put(key: string, entry: IdempotencyEntry): void {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  }

  return {
    async claim({ key, fingerprint, now, lockMs, ttlMs }) {
      const existing = entries.get(key) ?? null;
      const decision = decideClaim(existing, fingerprint, now);
      if (decision === "replay" && existing?.response)
        return { outcome: "replay", response: existing.response };
      if (decision === "mismatch") return { outcome: "mismatch" };
      if (decision === "in-progress") return { outcome: "in-progress" };
      put(key, { fingerprint, status: "in-progress", lockedUntil: now + lockMs, expiresAt: now + ttlMs });
      return { outcome: "claimed" };
    },
    async complete({ key, fingerprint, response, now, ttlMs }) {
      const existing = entries.get(key);
      if (!existing || existing.fingerprint !== fingerprint) return;
      put(key, { fingerprint, status: "completed", lockedUntil: 0, expiresAt: now + ttlMs, response });
    },
    async release({ key, fingerprint }) {
      const existing = entries.get(key);
      if (existing?.status === "in-progress" && existing.fingerprint === fingerprint) entries.delete(key);
    },
  };
}
