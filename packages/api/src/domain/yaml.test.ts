import { describe, expect, it } from "vitest";
import { toYaml } from "./yaml.ts";

describe("toYaml", () => {
  it("writes block YAML with every string quoted", () => {
    expect(
      toYaml({ a: "yes", "200": { b: [] }, c: [{ d: 1, e: null }, ["x"]], "/p/{id}": {}, "a key": true }),
    ).toBe(
      [
        '"200":',
        "  b: []",
        'a: "yes"',
        "c:",
        "  - d: 1",
        "    e: null",
        '  - - "x"',
        "/p/{id}: {}",
        '"a key": true',
        "",
      ].join("\n"),
    );
  });
});
