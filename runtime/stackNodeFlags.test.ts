import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STACK_NODE_FLAGS, STACK_SCRIPTS } from "./stackNodeFlags.ts";

const scripts = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the stack's node flags", () => {
  it.each(STACK_SCRIPTS)("npm run %s starts node with them", (name) => {
    expect(scripts[name]).toContain(`node ${STACK_NODE_FLAGS.join(" ")} --import tsx `);
  });

  it("caps the young generation with a flag this node knows", () => {
    expect(process.allowedNodeEnvironmentFlags.has("--max-semi-space-size")).toBe(true);
  });
});
