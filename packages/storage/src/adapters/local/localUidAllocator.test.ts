import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalUidAllocator } from "./localUidAllocator.ts";

const dirs: string[] = [];
const fresh = (range = { first: 20_000, last: 20_999 }) => {
  const directory = mkdtempSync(join(tmpdir(), "bbws-uids-"));
  dirs.push(directory);
  return { directory, allocator: createLocalUidAllocator({ directory, range }) };
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tenants = (count: number) => Array.from({ length: count }, (_, i) => `tenant${i}`);
const claims = (directory: string) =>
  readdirSync(join(directory, "uids")).filter((name) => /^\d+$/.test(name));

describe("createLocalUidAllocator", () => {
  it("gives 50 tenants allocating at once 50 different uids, through two allocators on the same directory", async () => {
    const { directory, allocator } = fresh();
    const other = createLocalUidAllocator({ directory, range: { first: 20_000, last: 20_999 } });
    const uids = await Promise.all(tenants(50).map((t, i) => (i % 2 ? allocator : other).allocate(t)));
    expect(new Set(uids).size).toBe(50);
    expect(uids.every((uid) => uid >= 20_000 && uid < 20_050)).toBe(true);
    expect(claims(directory)).toHaveLength(50);
    for (const [i, uid] of uids.entries())
      expect(readFileSync(join(directory, "uids", String(uid)), "utf8")).toBe(`tenant${i}`);
  });

  it("gives the same tenant the same uid, also when asked ten times at once, and holds one claim", async () => {
    const { directory, allocator } = fresh();
    const uids = await Promise.all(Array.from({ length: 10 }, () => allocator.allocate("acme")));
    expect(new Set(uids).size).toBe(1);
    expect(await allocator.allocate("acme")).toBe(uids[0]);
    expect(claims(directory)).toEqual([String(uids[0])]);
  });

  it("frees the uid on release, for a later tenant; releasing twice is harmless", async () => {
    const { directory, allocator } = fresh();
    const first = await allocator.allocate("acme");
    await allocator.allocate("beta");
    await allocator.release("acme");
    await allocator.release("acme");
    expect(claims(directory)).toHaveLength(1);
    expect(await allocator.allocate("gamma")).toBe(first);
  });

  it("fails with a non-retryable STORAGE.UIDS_EXHAUSTED when the range is full", async () => {
    const { allocator } = fresh({ first: 30_000, last: 30_002 });
    await Promise.all(["a01", "a02", "a03"].map((t) => allocator.allocate(t)));
    await expect(allocator.allocate("a04")).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.UIDS_EXHAUSTED", retryable: false }),
    );
  });

  it("recovers from a crash mid-release (index gone, claim left) and from a stale index", async () => {
    const { directory, allocator } = fresh();
    const uid = await allocator.allocate("acme");
    rmSync(join(directory, "tenants", "acme"));
    await allocator.release("acme");
    expect(claims(directory)).toEqual([]);
    // An index whose claim now belongs to someone else must not hand out that uid twice.
    writeFileSync(join(directory, "tenants", "zeta"), String(uid));
    await allocator.allocate("other");
    expect(await allocator.allocate("zeta")).not.toBe(uid);
  });

  it("refuses a range below 1000 or upside down", () => {
    expect(() => createLocalUidAllocator({ directory: "/tmp/x", range: { first: 0, last: 10 } })).toThrow(
      /range/,
    );
    expect(() =>
      createLocalUidAllocator({ directory: "/tmp/x", range: { first: 2000, last: 1999 } }),
    ).toThrow(/range/);
  });
});
