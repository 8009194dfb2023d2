import { expect, it } from "vitest";
import { describeIdempotencyStoreContract } from "../idempotencyStoreContract.ts";
import { createMemoryIdempotencyStore } from "./createMemoryIdempotencyStore.ts";

describeIdempotencyStoreContract("memory", () => createMemoryIdempotencyStore());

it("keeps at most maxEntries, dropping the oldest first", async () => {
  const store = createMemoryIdempotencyStore({ maxEntries: 2 });
  const claim = (key: string) => store.claim({ key, fingerprint: "fp", now: 0, lockMs: 10, ttlMs: 1_000 });
  await claim("a");
  await claim("b");
  await claim("c");
  expect(await claim("a")).toEqual({ outcome: "claimed" });
  expect(await claim("c")).toEqual({ outcome: "in-progress" });
});
