import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { IdempotencyStore } from "../ports.ts";

// The real clock, not a fixed date: DynamoDB Local's TTL sweeper deletes items whose
// `expiresAt` has passed on the wall clock, in the background, between two steps.
const NOW = Date.now();
const LOCK = 30_000;
const TTL = 86_400_000;
const response = { statusCode: 202, headers: { location: "/v1.0/operations/x" }, body: '{"ok":true}' };

/** The behaviour every IdempotencyStore adapter must have; run against each adapter. */
export function describeIdempotencyStoreContract(
  adapter: string,
  makeStore: () => Promise<IdempotencyStore> | IdempotencyStore,
) {
  describe(`IdempotencyStore contract: ${adapter}`, () => {
    const key = () => `caller#${randomUUID()}`;
    const claim = (store: IdempotencyStore, k: string, fingerprint: string, now = NOW) =>
      store.claim({ key: k, fingerprint, now, lockMs: LOCK, ttlMs: TTL });

    it("claims a fresh key, then replays the stored answer for the same fingerprint", async () => {
      const store = await makeStore();
      const k = key();
      expect(await claim(store, k, "fp1")).toEqual({ outcome: "claimed" });
      await store.complete({ key: k, fingerprint: "fp1", response, now: NOW, ttlMs: TTL });
      expect(await claim(store, k, "fp1", NOW + 1_000)).toEqual({ outcome: "replay", response });
    });

    it("refuses another fingerprint under the same key, while running and once completed", async () => {
      const store = await makeStore();
      const k = key();
      await claim(store, k, "fp1");
      expect(await claim(store, k, "fp2")).toEqual({ outcome: "mismatch" });
      await store.complete({ key: k, fingerprint: "fp1", response, now: NOW, ttlMs: TTL });
      expect(await claim(store, k, "fp2")).toEqual({ outcome: "mismatch" });
    });

    it("reports a running claim as in progress until its lock expires, then lets it be taken over", async () => {
      const store = await makeStore();
      const k = key();
      await claim(store, k, "fp1");
      expect(await claim(store, k, "fp1", NOW + LOCK - 1)).toEqual({ outcome: "in-progress" });
      expect(await claim(store, k, "fp1", NOW + LOCK + 1)).toEqual({ outcome: "claimed" });
      expect(await claim(store, k, "fp1", NOW + LOCK + 2)).toEqual({ outcome: "in-progress" });
    });

    it("frees a released claim so a retry runs again", async () => {
      const store = await makeStore();
      const k = key();
      await claim(store, k, "fp1");
      await store.release({ key: k, fingerprint: "fp1" });
      expect(await claim(store, k, "fp2", NOW + 1)).toEqual({ outcome: "claimed" });
    });

    it("does not release a completed answer, nor someone else's claim", async () => {
      const store = await makeStore();
      const k = key();
      await claim(store, k, "fp1");
      await store.release({ key: k, fingerprint: "other" });
      expect(await claim(store, k, "fp1", NOW + 1)).toEqual({ outcome: "in-progress" });
      await store.complete({ key: k, fingerprint: "fp1", response, now: NOW, ttlMs: TTL });
      await store.release({ key: k, fingerprint: "fp1" });
      expect(await claim(store, k, "fp1", NOW + 2)).toEqual({ outcome: "replay", response });
    });

    it("forgets an answer after its time to live", async () => {
      const store = await makeStore();
      const k = key();
      await claim(store, k, "fp1");
      await store.complete({ key: k, fingerprint: "fp1", response, now: NOW, ttlMs: TTL });
      expect(await claim(store, k, "fp2", NOW + TTL + 1)).toEqual({ outcome: "claimed" });
    });

    it("gives a free key to exactly one of many concurrent claims", async () => {
      const store = await makeStore();
      const k = key();
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => claim(store, k, "fp1")));
      expect(outcomes.filter((outcome) => outcome.outcome === "claimed")).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.outcome === "in-progress")).toHaveLength(7);
    });

    it("keeps keys apart", async () => {
      const store = await makeStore();
      const [a, b] = [key(), key()];
      await claim(store, a, "fp1");
      expect(await claim(store, b, "fp2")).toEqual({ outcome: "claimed" });
    });
  });
}
