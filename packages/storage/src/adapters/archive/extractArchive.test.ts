import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createArchiveExtractor } from "./extractArchive.ts";
import { readTar } from "./tarReader.ts";
import { type TarEntry, tarChunks } from "./tarWriter.ts";

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mtime = new Date("2026-01-02T10:00:00Z");
const dir = (name: string, mode = 0o750): TarEntry => ({
  name,
  type: "directory",
  mode,
  uid: 1,
  gid: 1,
  mtime,
  size: 0,
});
const file = (name: string, text: string, mode = 0o640): TarEntry => ({
  name,
  type: "file",
  mode,
  uid: 1,
  gid: 1,
  mtime,
  size: Buffer.byteLength(text),
  body: async function* () {
    yield Buffer.from(text);
  },
});
const link = (name: string, target: string): TarEntry => ({
  ...dir(name),
  name,
  type: "symlink",
  linkname: target,
});

async function extract(entries: TarEntry[], owner?: { uid: number; gid: number }) {
  const root = mkdtempSync(join(tmpdir(), "bbws-extract-"));
  scratch.push(root);
  const contentDir = join(root, "content");
  mkdirSync(contentDir);
  const extractor = createArchiveExtractor({
    dumpFile: join(root, "dump.sql"),
    contentDir,
    ...(owner ? { owner } : {}),
  });
  await readTar(Readable.from(tarChunks(entries)), extractor.visit);
  await extractor.finish();
  return { root, contentDir };
}

describe("createArchiveExtractor", () => {
  it("writes the dump and the content tree with archived modes, mtimes, links and the given owner", async () => {
    const { root, contentDir } = await extract(
      [
        file("dump.sql", "SELECT 1;\n", 0o600),
        dir("content/"),
        dir("content/locked/", 0o500),
        file("content/locked/inside.txt", "inside"),
        link("content/latest", "locked/inside.txt"),
        file("manifest.json", "{}"),
      ],
      { uid: 40_123, gid: 40_123 },
    );
    expect(readFileSync(join(root, "dump.sql"), "utf8")).toBe("SELECT 1;\n");
    expect(readFileSync(join(contentDir, "locked", "inside.txt"), "utf8")).toBe("inside");
    expect(readlinkSync(join(contentDir, "latest"))).toBe("locked/inside.txt");
    expect(existsSync(join(contentDir, "manifest.json"))).toBe(false);
    const facts = (path: string) => {
      const info = lstatSync(path);
      return [info.mode & 0o7777, info.uid, info.gid, info.mtime.getTime()];
    };
    expect(facts(contentDir)).toEqual([0o750, 40_123, 40_123, mtime.getTime()]);
    expect(facts(join(contentDir, "locked"))).toEqual([0o500, 40_123, 40_123, mtime.getTime()]);
    expect(facts(join(contentDir, "locked", "inside.txt"))).toEqual([0o640, 40_123, 40_123, mtime.getTime()]);
    expect(lstatSync(join(contentDir, "latest")).uid).toBe(40_123);
  });

  it.each([
    ["a parent reference", [dir("content/"), file("content/../escaped.txt", "x")]],
    ["an empty segment", [dir("content/"), file("content//etc.txt", "x")]],
    [
      "a file in a directory the archive did not create",
      [dir("content/"), file("content/missing/x.txt", "x")],
    ],
    [
      "a file through a symlink",
      [dir("content/"), link("content/out", "/tmp"), file("content/out/x.txt", "x")],
    ],
  ])("refuses %s before writing it", async (_, entries) => {
    await expect(extract(entries)).rejects.toThrow(/archive entry/);
  });

  it("keeps the owner of this process when none is given", async () => {
    const { contentDir } = await extract([dir("content/"), file("content/a.txt", "a")]);
    expect(statSync(join(contentDir, "a.txt")).uid).toBe(process.getuid?.());
  });
});
