import type { TarEntryType } from "./tarWriter.ts";

export interface TarListing {
  readonly name: string;
  readonly type: TarEntryType | "other";
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: Date;
  /** Symbolic links: the target as stored (never followed); "" otherwise. */
  readonly linkname: string;
}

/** Receives an entry's bytes in order; a returned promise is awaited before more is read. */
export type TarSink = (chunk: Buffer) => void | Promise<void>;
/** Called for each entry (awaited); return a sink to receive the entry's bytes. */
export type TarVisitor = (entry: TarListing) => TarSink | undefined | Promise<TarSink | undefined>;

const BLOCK = 512;
const TYPES: Record<string, TarEntryType> = {
  "0": "file",
  "\u0000": "file",
  "5": "directory",
  "2": "symlink",
};

/**
 * Lists a tar stream, checking every header's checksum and that the archive
 * ends with its end-of-archive block (a truncated upload fails here). Reads
 * ustar, pax `path`/`linkpath`/`size`/`mtime` records and GNU long names.
 * Visitors and sinks are awaited, so a slow writer holds the reading back.
 */
export async function readTar(
  source: AsyncIterable<Buffer>,
  visit: TarVisitor = () => undefined,
): Promise<TarListing[]> {
  const parser = createTarParser(visit);
  for await (const chunk of source) await parser.push(chunk);
  return parser.finish();
}

function createTarParser(visit: TarVisitor) {
  const listing: TarListing[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let remaining = 0;
  let padding = 0;
  let ended = false;
  let sink: TarSink | undefined;
  /** Collects a pax or GNU long-name body, applied to the next real header. */
  let meta: { kind: string; parts: Buffer[] } | undefined;
  let overrides: Record<string, string> = {};

  /** Consumes what the buffer allows; false when more input is needed. */
  async function step(): Promise<boolean> {
    if (remaining > 0 || padding > 0) return body();
    if (buffer.length < BLOCK) return false;
    const block = buffer.subarray(0, BLOCK);
    buffer = buffer.subarray(BLOCK);
    if (block.every((byte) => byte === 0)) {
      ended = true;
      return false;
    }
    const entry = parseHeader(block, overrides);
    const flag = String.fromCharCode(block[156] ?? 0);
    remaining = entry.size;
    padding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (flag === "x" || flag === "L" || flag === "K" || flag === "g") {
      meta = { kind: flag, parts: [] };
      return true;
    }
    overrides = {};
    listing.push(entry);
    sink = await visit(entry);
    return true;
  }

  async function body(): Promise<boolean> {
    const data = buffer.subarray(0, Math.min(remaining, buffer.length));
    if (data.length > 0) {
      if (meta) meta.parts.push(data);
      else await sink?.(data);
    }
    remaining -= data.length;
    const skip = Math.min(padding, buffer.length - data.length);
    padding -= skip;
    buffer = buffer.subarray(data.length + skip);
    if (remaining > 0 || padding > 0) return false;
    if (meta) overrides = { ...overrides, ...parseMeta(meta.kind, Buffer.concat(meta.parts)) };
    meta = undefined;
    return true;
  }

  return {
    async push(chunk: Buffer) {
      buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
      while (!ended && (await step()));
    },
    finish(): TarListing[] {
      if (!ended) throw new Error("tar archive is truncated: no end-of-archive block");
      return listing;
    },
  };
}

function parseMeta(kind: string, data: Buffer): Record<string, string> {
  if (kind === "L") return { path: data.toString("utf8").replace(/\0+$/, "") };
  if (kind === "K") return { linkpath: data.toString("utf8").replace(/\0+$/, "") };
  if (kind === "g") return {};
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(data.toString("ascii", at, space), 10);
    if (space < 0 || !Number.isFinite(length) || length <= 0) throw new Error("corrupt pax header");
    const record = data.toString("utf8", space + 1, at + length - 1);
    const equals = record.indexOf("=");
    records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}

function parseHeader(block: Buffer, overrides: Record<string, string>): TarListing {
  const stored = readOctal(block, 148, 8);
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1)
    sum += index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
  if (sum !== stored) throw new Error("corrupt tar header: checksum mismatch");
  const prefix = field(block, 345, 155);
  const name = overrides.path ?? (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100));
  return {
    name,
    type: TYPES[String.fromCharCode(block[156] ?? 0)] ?? "other",
    size: overrides.size ? Number(overrides.size) : readOctal(block, 124, 12),
    mode: readOctal(block, 100, 8),
    uid: readOctal(block, 108, 8),
    gid: readOctal(block, 116, 8),
    mtime: new Date(
      (overrides.mtime ? Number.parseFloat(overrides.mtime) : readOctal(block, 136, 12)) * 1000,
    ),
    linkname: overrides.linkpath ?? field(block, 157, 100),
  };
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.toString("utf8", 0, end < 0 ? length : end);
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = field(block, offset, length)
    .replace(/[\s\0]+$/, "")
    .trim();
  return text ? Number.parseInt(text, 8) : 0;
}
