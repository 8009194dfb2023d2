import { describe, expect, it } from "vitest";
import { createListPageCache } from "./listPageCache.ts";
import { SerialisedJson } from "./serialisedJson.ts";

/** A store's write count the test moves by hand, and a page maker that counts its calls. */
function fixture() {
  const store = { writes: 0 };
  const made: string[] = [];
  const maker = (address: string) => async () => {
    made.push(address);
    return new SerialisedJson(`{"address":${JSON.stringify(address)},"writes":${store.writes}}`);
  };
  return { store, made, maker, writeCount: () => store.writes };
}

describe("createListPageCache", () => {
  it("makes a page once per address while the write count stays, and again once it moves", async () => {
    const { store, made, maker, writeCount } = fixture();
    const cache = createListPageCache();
    const first = await cache.pageOf("/a", writeCount, maker("/a"));
    expect(await cache.pageOf("/a", writeCount, maker("/a"))).toBe(first);
    const other = await cache.pageOf("/b", writeCount, maker("/b"));
    expect(other).not.toBe(first);
    expect(made).toEqual(["/a", "/b"]);

    store.writes += 1;
    const after = await cache.pageOf("/a", writeCount, maker("/a"));
    expect(after.text).toBe('{"address":"/a","writes":1}');
    expect(made).toEqual(["/a", "/b", "/a"]);
  });

  it("does not keep a page the store was written to while it was made", async () => {
    const { store, made, writeCount } = fixture();
    const cache = createListPageCache();
    const racing = async () => {
      made.push("/a");
      store.writes += 1;
      return new SerialisedJson("{}");
    };
    await cache.pageOf("/a", writeCount, racing);
    await cache.pageOf("/a", writeCount, async () => {
      made.push("/a again");
      return new SerialisedJson("{}");
    });
    expect(made).toEqual(["/a", "/a again"]);
  });

  it("makes every page afresh without a write count (a store written by other processes)", async () => {
    const { made, maker } = fixture();
    const cache = createListPageCache();
    await cache.pageOf("/a", undefined, maker("/a"));
    await cache.pageOf("/a", undefined, maker("/a"));
    expect(made).toEqual(["/a", "/a"]);
  });

  it("keeps nothing when making the page fails", async () => {
    const { made, maker, writeCount } = fixture();
    const cache = createListPageCache();
    const failing = async (): Promise<SerialisedJson> => {
      throw new Error("invalid cursor");
    };
    await expect(cache.pageOf("/a", writeCount, failing)).rejects.toThrow("invalid cursor");
    await cache.pageOf("/a", writeCount, maker("/a"));
    expect(made).toEqual(["/a"]);
  });

  it("holds at most maxPages, letting the oldest go first", async () => {
    const { made, maker, writeCount } = fixture();
    const cache = createListPageCache(2);
    for (const address of ["/a", "/b", "/c", "/c", "/b", "/a"])
      await cache.pageOf(address, writeCount, maker(address));
    expect(made).toEqual(["/a", "/b", "/c", "/a"]);
  });
});
