import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, ROOT } from "./generate/generatedFiles.ts";

describe("generated files", () => {
  it.each([...generatedFiles()])("%s is fresh (run `npm run generate`)", (path, content) => {
    expect(readFileSync(join(ROOT, path), "utf8")).toBe(content);
  });
});
