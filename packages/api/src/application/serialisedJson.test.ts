import { describe, expect, it } from "vitest";
import { objectWithArray, PREPARED_BODY, preparedBytesOf, SerialisedJson } from "./serialisedJson.ts";

describe("objectWithArray", () => {
  const items = [
    { a: 1, b: 'x"y' },
    { a: 2, nested: { c: [1, 2] } },
  ];
  const array = `[${items.map((item) => JSON.stringify(item)).join(",")}]`;

  it("is byte for byte what JSON.stringify makes of the same object, the array first", () => {
    const rest = {
      pageSize: 2,
      moreAvailable: false,
      _links: { self: { href: "/x?a=1&b=2", method: "GET" } },
    };
    expect(objectWithArray("items", array, rest).text).toBe(JSON.stringify({ items, ...rest }));
  });

  it("holds with an empty array and with nothing else", () => {
    expect(objectWithArray("items", "[]", { pageSize: 20 }).text).toBe('{"items":[],"pageSize":20}');
    expect(objectWithArray("items", array, {}).text).toBe(JSON.stringify({ items }));
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

describe("prepared bytes", () => {
  it("makes the UTF-8 bytes once and hands out the same ones", () => {
    const body = new SerialisedJson('{"name":"Zoë"}');
    expect(body.bytes.toString("utf8")).toBe('{"name":"Zoë"}');
    expect(body.bytes).toBe(body.bytes);
  });

  it("are found on a response only for exactly its text, and JSON.stringify never sees them", () => {
    const body = new SerialisedJson('{"a":1}');
    const response = { statusCode: 200, body: body.text, [PREPARED_BODY]: body };
    expect(preparedBytesOf(response, body.text)).toBe(body.bytes);
    expect(preparedBytesOf(response, '{"a":2}')).toBeUndefined();
    expect(preparedBytesOf({ statusCode: 200, body: body.text }, body.text)).toBeUndefined();
    expect(JSON.stringify(response)).toBe('{"statusCode":200,"body":"{\\"a\\":1}"}');
  });
});
