import { describe, expect, it } from "vitest";
import { objectWithFragments, SerialisedJson } from "./serialisedJson.ts";

describe("objectWithFragments", () => {
  const items = [
    { a: 1, b: 'x"y' },
    { a: 2, nested: { c: [1, 2] } },
  ];
  const fragments = items.map((item) => JSON.stringify(item));

  it("is byte for byte what JSON.stringify makes of the same object, the array first", () => {
    const rest = {
      pageSize: 2,
      moreAvailable: false,
      _links: { self: { href: "/x?a=1&b=2", method: "GET" } },
    };
    expect(objectWithFragments("items", fragments, rest).text).toBe(JSON.stringify({ items, ...rest }));
  });

  it("holds with no fragments and with nothing else", () => {
    expect(objectWithFragments("items", [], { pageSize: 20 }).text).toBe('{"items":[],"pageSize":20}');
    expect(objectWithFragments("items", fragments, {}).text).toBe(JSON.stringify({ items }));
  });
});

describe("SerialisedJson", () => {
  it("serialises to its own value where something stringifies a result holding it", () => {
    const body = new SerialisedJson('{"items":[{"a":1}],"pageSize":1}');
    expect(JSON.stringify({ status: 200, body })).toBe(
      '{"status":200,"body":{"items":[{"a":1}],"pageSize":1}}',
    );
  });
});
