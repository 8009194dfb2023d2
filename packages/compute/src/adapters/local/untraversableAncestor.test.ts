import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { untraversableAncestor } from "./untraversableAncestor.ts";

// mkdtemp makes 0700 directories: a private home directory, in small.
const root = mkdtempSync(join(tmpdir(), "bbws-reach-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("untraversableAncestor", () => {
  it("names the private directory on the way, even to a path that does not exist yet", () => {
    expect(untraversableAncestor(join(root, "checkout", ".bbws"))).toBe(root);
  });

  it("names the outermost one when several are closed", () => {
    const open = mkdtempSync(join(tmpdir(), "bbws-reach-open-"));
    try {
      chmodSync(open, 0o711);
      mkdirSync(join(open, "inner"), { mode: 0o700 });
      chmodSync(join(open, "inner"), 0o700);
      expect(untraversableAncestor(join(open, "inner"))).toBe(join(open, "inner"));
      chmodSync(open, 0o700);
      expect(untraversableAncestor(join(open, "inner", "data"))).toBe(open);
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });

  it("answers undefined when every directory lets others through", () => {
    const open = mkdtempSync(join(tmpdir(), "bbws-reach-open-"));
    try {
      chmodSync(open, 0o711);
      expect(untraversableAncestor(join(open, "data", "compute"))).toBeUndefined();
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });

  it("follows a symbolic link to where it leads", () => {
    const open = mkdtempSync(join(tmpdir(), "bbws-reach-open-"));
    try {
      chmodSync(open, 0o755);
      mkdirSync(join(root, "target"));
      symlinkSync(join(root, "target"), join(open, "link"));
      expect(untraversableAncestor(join(open, "link"))).toBe(root);
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });
});
