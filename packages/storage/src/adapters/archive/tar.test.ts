import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { contentEntries } from "./contentEntries.ts";
import { readTar } from "./tarReader.ts";
import { type TarEntry, tarChunks } from "./tarWriter.ts";

const scratch: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "bbws-tar-"));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function tarOf(entries: TarEntry[] | AsyncIterable<TarEntry>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of tarChunks(entries)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const file = (name: string, text: string): TarEntry => {
  const data = Buffer.from(text);
  return {
    name,
    type: "file",
    mode: 0o640,
    uid: 20001,
    gid: 20001,
    mtime: new Date("2026-01-02T10:00:00Z"),
    size: data.length,
    body: async function* () {
      yield data;
    },
  };
};

const longName = `content/${"deep/".repeat(30)}ünïcode-file.txt`;

describe("tar writer and reader", () => {
  it("round-trips names (long and non-ASCII via pax), types, sizes, modes, owners and bytes", async () => {
    const tar = await tarOf([
      file("dump.sql", "SELECT 1;\n"),
      file(longName, "x".repeat(1500)),
      file("empty", ""),
    ]);
    const bodies = new Map<string, string>();
    const listing = await readTar(Readable.from([tar]), (entry) => {
      bodies.set(entry.name, "");
      return (chunk) => {
        bodies.set(entry.name, (bodies.get(entry.name) ?? "") + chunk.toString());
      };
    });
    expect(listing.map((entry) => [entry.name, entry.type, entry.size, entry.mode, entry.uid])).toEqual([
      ["dump.sql", "file", 10, 0o640, 20001],
      [longName, "file", 1500, 0o640, 20001],
      ["empty", "file", 0, 0o640, 20001],
    ]);
    expect(bodies.get(longName)).toBe("x".repeat(1500));
    expect(tar.length % 512).toBe(0);
  });

  it("parses the stream whatever the chunk boundaries", async () => {
    const tar = await tarOf([file("a", "hello"), file(longName, "y".repeat(700))]);
    const oneByteChunks = Readable.from([...tar].map((byte) => Buffer.from([byte])));
    expect((await readTar(oneByteChunks)).map((entry) => entry.name)).toEqual(["a", longName]);
  });

  it("pads or cuts a file whose size changed while it was read, so later headers stay aligned", async () => {
    const grown: TarEntry = { ...file("grown", "12345678"), size: 4 };
    const shrunk: TarEntry = { ...file("shrunk", "12"), size: 6 };
    const listing = await readTar(Readable.from([await tarOf([grown, shrunk, file("after", "ok")])]));
    expect(listing.map((entry) => [entry.name, entry.size])).toEqual([
      ["grown", 4],
      ["shrunk", 6],
      ["after", 2],
    ]);
  });

  it("rejects a truncated archive and a corrupted header", async () => {
    const tar = await tarOf([file("a", "hello")]);
    await expect(readTar(Readable.from([tar.subarray(0, 1024)]))).rejects.toThrow(/truncated/);
    const corrupt = Buffer.from(tar);
    corrupt[10] = 0x41;
    await expect(readTar(Readable.from([corrupt]))).rejects.toThrow(/checksum/);
  });

  it("is read by GNU tar: same names and bytes after extraction", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "a.tar"),
      await tarOf([file("dump.sql", "SELECT 1;\n"), file(longName, "z".repeat(3000))]),
    );
    const listed = execFileSync("tar", ["-tf", join(dir, "a.tar")], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(listed).toEqual(["dump.sql", longName]);
    mkdirSync(join(dir, "out"));
    execFileSync("tar", ["-xf", join(dir, "a.tar"), "-C", join(dir, "out")]);
    expect(readFileSync(join(dir, "out", longName), "utf8")).toBe("z".repeat(3000));
  });

  it("reads what GNU tar writes (pax format, long names)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "src", "wp-content", "uploads"), { recursive: true });
    writeFileSync(join(dir, "src", "wp-content", "uploads", `${"n".repeat(120)}.jpg`), "jpeg");
    execFileSync("tar", ["--format=pax", "-cf", join(dir, "b.tar"), "-C", join(dir, "src"), "wp-content"]);
    const listing = await readTar(Readable.from([readFileSync(join(dir, "b.tar"))]));
    expect(listing.map((entry) => entry.name)).toContain(`wp-content/uploads/${"n".repeat(120)}.jpg`);
  });
});

describe("contentEntries", () => {
  it("walks a tree in name order, keeps symlinks as links and never follows them", async () => {
    const root = join(tempDir(), "tenant");
    mkdirSync(join(root, "b"), { recursive: true });
    writeFileSync(join(root, "b", "post.txt"), "post");
    writeFileSync(join(root, "a.txt"), "a");
    symlinkSync("/etc/shadow", join(root, "leak"));
    const entries: TarEntry[] = [];
    for await (const entry of contentEntries(root, "content")) entries.push(entry);
    expect(entries.map((entry) => [entry.name, entry.type, entry.size, entry.linkname])).toEqual([
      ["content/", "directory", 0, undefined],
      ["content/a.txt", "file", 1, undefined],
      ["content/b/", "directory", 0, undefined],
      ["content/b/post.txt", "file", 4, undefined],
      ["content/leak", "symlink", 0, "/etc/shadow"],
    ]);
  });

  it("yields nothing for a missing directory", async () => {
    const entries: TarEntry[] = [];
    for await (const entry of contentEntries(join(tempDir(), "missing"), "content")) entries.push(entry);
    expect(entries).toEqual([]);
  });
});
