import { createHash, type Hash } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { type ArchiveManifest, CONTENT_PREFIX, DUMP_ENTRY, MANIFEST_ENTRY } from "./buildArchive.ts";
import { readTar, type TarListing, type TarSink, type TarVisitor } from "./tarReader.ts";

export interface VerifiedArchive {
  readonly manifest: ArchiveManifest;
  readonly entries: readonly TarListing[];
}

/**
 * Reads a stored archive back and proves it whole before anything is dropped:
 * the bytes' sha256 and size match what was written, gzip and every tar header
 * decode, the archive ends properly, and the dump and content entries match
 * the manifest (dump checksum, number of content entries). `alsoVisit` sees
 * the entries in the same pass (a restore extracts while it verifies); what it
 * wrote is only trustworthy once this resolves.
 */
export async function verifyArchive(
  body: Readable,
  expected: { sha256: string; sizeBytes: number },
  alsoVisit?: TarVisitor,
): Promise<VerifiedArchive> {
  const hash = createHash("sha256");
  const dumpHash = createHash("sha256");
  const manifestParts: Buffer[] = [];
  let sizeBytes = 0;
  let entries: TarListing[] = [];
  await pipeline(
    body,
    async function* (stored: AsyncIterable<Buffer>) {
      for await (const chunk of stored) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        yield chunk;
      }
    },
    createGunzip(),
    async (tar: AsyncIterable<Buffer>) => {
      entries = await readTar(tar, async (entry) => {
        const own = ownSink(entry.name, dumpHash, manifestParts);
        const other = await alsoVisit?.(entry);
        if (!own || !other) return own ?? other;
        return async (chunk) => {
          await own(chunk);
          await other(chunk);
        };
      });
    },
  );
  const sha256 = hash.digest("hex");
  if (sha256 !== expected.sha256 || sizeBytes !== expected.sizeBytes)
    throw new Error(
      `archive read back as ${sizeBytes} bytes sha256 ${sha256}, expected ${expected.sizeBytes} bytes sha256 ${expected.sha256}`,
    );
  const manifest = parseManifest(entries, Buffer.concat(manifestParts));
  if (dumpHash.digest("hex") !== manifest.dump.sha256)
    throw new Error("the dump in the archive does not match its manifest");
  const content = entries.filter((entry) => entry.name.startsWith(`${CONTENT_PREFIX}/`)).length;
  if (content !== manifest.content.entries)
    throw new Error(
      `the archive holds ${content} content entries, its manifest says ${manifest.content.entries}`,
    );
  return { manifest, entries };
}

function ownSink(name: string, dumpHash: Hash, manifestParts: Buffer[]): TarSink | undefined {
  if (name === DUMP_ENTRY)
    return (chunk) => {
      dumpHash.update(chunk);
    };
  if (name === MANIFEST_ENTRY)
    return (chunk) => {
      manifestParts.push(chunk);
    };
  return undefined;
}

function parseManifest(entries: readonly TarListing[], bytes: Buffer): ArchiveManifest {
  if (!entries.some((entry) => entry.name === DUMP_ENTRY)) throw new Error("the archive holds no dump");
  if (!entries.some((entry) => entry.name === MANIFEST_ENTRY))
    throw new Error("the archive holds no manifest");
  return JSON.parse(bytes.toString("utf8")) as ArchiveManifest;
}
