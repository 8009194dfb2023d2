import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDataDir } from "./createDataDir.ts";

const root = mkdtempSync(join(tmpdir(), "bbws-datadir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("createDataDir", () => {
  it("creates the data dir 0711 and the directories on the way 0755, whatever the umask", () => {
    const umask = process.umask(0o077);
    try {
      createDataDir(join(root, "srv", "bbws", "data"));
    } finally {
      process.umask(umask);
    }
    expect(modeOf(join(root, "srv", "bbws", "data"))).toBe(0o711);
    expect(modeOf(join(root, "srv", "bbws"))).toBe(0o755);
    expect(modeOf(join(root, "srv"))).toBe(0o755);
    expect(modeOf(root)).toBe(0o700);
  });

  it("leaves an existing directory's mode alone", () => {
    const existing = join(root, "existing");
    createDataDir(existing);
    chmodSync(existing, 0o1777);
    createDataDir(existing);
    expect(statSync(existing).mode & 0o7777).toBe(0o1777);
  });
});
