import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { StorageNames } from "../../domain/storageNames.ts";
import type { TenantDatabase } from "../storageParts.ts";
import { contentEntries } from "./contentEntries.ts";
import { type TarEntry, tarChunks } from "./tarWriter.ts";

export const ARCHIVE_FORMAT = "bbws-storage-archive/1";
export const DUMP_ENTRY = "dump.sql";
export const MANIFEST_ENTRY = "manifest.json";
export const CONTENT_PREFIX = "content";

export interface ArchiveManifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly environment: string;
  readonly takenAt: string;
  readonly database: { readonly name: string; readonly existed: boolean };
  readonly dump: { readonly entry: string; readonly sha256: string; readonly sizeBytes: number };
  readonly content: { readonly root: string; readonly entries: number; readonly bytes: number };
}

export interface BuiltArchive {
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly manifest: ArchiveManifest;
}

/**
 * `<staging>/<uuid>.tar.gz` holding `dump.sql`, the content tree under
 * `content/`, and last `manifest.json` (dump checksum, entry counts), which the
 * verifier checks against what it reads back. Returns the gzip file's sha256.
 */
export async function buildArchive(input: {
  names: StorageNames;
  database: TenantDatabase;
  contentPath: string;
  stagingDir: string;
  takenAt: Date;
}): Promise<BuiltArchive> {
  await mkdir(input.stagingDir, { recursive: true, mode: 0o700 });
  const stem = join(input.stagingDir, randomUUID());
  const dumpFile = `${stem}.sql`;
  try {
    const existed = await input.database.exists(input.names.databaseName);
    const dumped = existed
      ? await input.database.dump(input.names.databaseName, dumpFile)
      : await writeNote(dumpFile, "-- the database did not exist\n");
    const collected = collectManifest(input, existed, dumped.sizeBytes);
    const file = `${stem}.tar.gz`;
    const hash = createHash("sha256");
    let sizeBytes = 0;
    await rmOnFailure(file, () =>
      pipeline(
        Readable.from(tarChunks(collected.entries(dumpFile))),
        createGzip(),
        async function* (gzipped: AsyncIterable<Buffer>) {
          for await (const chunk of gzipped) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(file, { mode: 0o600 }),
      ),
    );
    return { file, sha256: hash.digest("hex"), sizeBytes, manifest: collected.manifest() };
  } finally {
    await rm(dumpFile, { force: true });
  }
}

/** Entries in archive order; the manifest, written last, describes what came before it. */
function collectManifest(
  input: { names: StorageNames; contentPath: string; takenAt: Date },
  existed: boolean,
  dumpSize: number,
) {
  const { names } = input;
  const dumpHash = createHash("sha256");
  const content = { entries: 0, bytes: 0 };
  let result: ArchiveManifest | undefined;
  const base = { mode: 0o600, uid: 0, gid: 0, mtime: input.takenAt };

  async function* entries(dumpFile: string): AsyncGenerator<TarEntry> {
    yield {
      ...base,
      name: DUMP_ENTRY,
      type: "file",
      size: dumpSize,
      body: () => tap(createReadStream(dumpFile), (chunk) => dumpHash.update(chunk)),
    };
    for await (const entry of contentEntries(input.contentPath, CONTENT_PREFIX)) {
      content.entries += 1;
      content.bytes += entry.size;
      yield entry;
    }
    result = {
      format: ARCHIVE_FORMAT,
      tenantId: names.tenantId,
      instanceId: names.instanceId,
      environment: names.environment,
      takenAt: input.takenAt.toISOString(),
      database: { name: names.databaseName, existed },
      dump: { entry: DUMP_ENTRY, sha256: dumpHash.digest("hex"), sizeBytes: dumpSize },
      content: { root: names.contentRoot, ...content },
    };
    const json = Buffer.from(`${JSON.stringify(result, null, 2)}\n`);
    yield {
      ...base,
      name: MANIFEST_ENTRY,
      type: "file",
      size: json.length,
      body: async function* () {
        yield json;
      },
    };
  }

  return {
    entries,
    manifest(): ArchiveManifest {
      if (!result) throw new Error("the archive was not fully written");
      return result;
    },
  };
}

async function writeNote(file: string, note: string): Promise<{ sizeBytes: number }> {
  await writeFile(file, note, { mode: 0o600 });
  return { sizeBytes: Buffer.byteLength(note) };
}

async function rmOnFailure(file: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

async function* tap(source: AsyncIterable<Buffer>, see: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    see(chunk);
    yield chunk;
  }
}
