/**
 * A minimal POSIX tar (ustar + pax) writer: enough for an archive of a dump and
 * a directory tree, with no dependency and no `tar` binary (Lambda has none we
 * can rely on). Long or non-ASCII paths and big sizes go in pax records, which
 * GNU tar, bsdtar and our reader understand.
 */
export type TarEntryType = "file" | "directory" | "symlink";

export interface TarEntry {
  /** Relative, `/`-separated; directories may end with `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: Date;
  /** Files: the number of bytes the header announces; `body` is padded or cut to it. */
  readonly size: number;
  readonly linkname?: string;
  readonly body?: () => AsyncIterable<Buffer>;
}

const BLOCK = 512;
const TYPEFLAG: Record<TarEntryType, string> = { file: "0", directory: "5", symlink: "2" };
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

export async function* tarChunks(
  entries: AsyncIterable<TarEntry> | Iterable<TarEntry>,
): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    const size = entry.type === "file" ? entry.size : 0;
    const pax = paxRecords(entry, size);
    if (pax.length > 0) {
      yield header({ ...entry, name: "PaxHeader", linkname: "" }, "x", pax.length);
      yield padded(pax);
    }
    yield header(entry, TYPEFLAG[entry.type], size);
    if (entry.type === "file") yield* fileBody(entry, size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Exactly `size` bytes then padding: a file that grew or shrank while read cannot shift the next header. */
async function* fileBody(entry: TarEntry, size: number): AsyncGenerator<Buffer> {
  let written = 0;
  if (entry.body)
    for await (const chunk of entry.body()) {
      const take = Math.min(chunk.length, size - written);
      if (take > 0) yield take === chunk.length ? chunk : chunk.subarray(0, take);
      written += take;
      if (written >= size) break;
    }
  if (written < size) yield Buffer.alloc(size - written);
  const rest = size % BLOCK;
  if (rest > 0) yield Buffer.alloc(BLOCK - rest);
}

function paxRecords(entry: TarEntry, size: number): Buffer {
  const records: string[] = [];
  if (!fitsField(entry.name, 100)) records.push(paxRecord("path", entry.name));
  if (entry.linkname && !fitsField(entry.linkname, 100)) records.push(paxRecord("linkpath", entry.linkname));
  if (size > MAX_OCTAL_SIZE) records.push(paxRecord("size", String(size)));
  return Buffer.from(records.join(""), "utf8");
}

/** ASCII and short enough: anything else is carried by a pax record. */
function fitsField(value: string, bytes: number): boolean {
  return Buffer.byteLength(value) <= bytes && /^[\x20-\x7e]*$/.test(value);
}

/** `"<length> <key>=<value>\n"`, where length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

function header(entry: TarEntry, typeflag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(entry.name, 0, 100, "utf8");
  octal(block, 100, 8, entry.mode & 0o7777);
  octal(block, 108, 8, entry.uid);
  octal(block, 116, 8, entry.gid);
  octal(block, 124, 12, Math.min(size, MAX_OCTAL_SIZE));
  octal(block, 136, 12, Math.floor(entry.mtime.getTime() / 1000));
  block.fill(0x20, 148, 156);
  block.write(typeflag, 156, 1, "ascii");
  block.write(entry.linkname ?? "", 157, 100, "utf8");
  block.write("ustar\u000000", 257, 8, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "ascii");
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}
