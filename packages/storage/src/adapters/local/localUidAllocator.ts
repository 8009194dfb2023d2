import { randomUUID } from "node:crypto";
import { link, mkdir, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { StorageError } from "../../domain/errors.ts";
import type { UidAllocator } from "../storageParts.ts";

export interface UidRange {
  /** At least 1000 (StorageOutputs), and clear of the machine's own users. */
  readonly first: number;
  readonly last: number;
}

/**
 * Claim files: `<directory>/uids/<uid>` holds the tenantId that owns the uid,
 * `<directory>/tenants/<tenantId>` the uid a tenant owns. Each is created with
 * link(2) from a complete temporary file, which fails with EEXIST atomically,
 * so two allocations (threads or processes) can never win the same uid, and a
 * reader never sees a half-written claim.
 */
export function createLocalUidAllocator(input: { directory: string; range: UidRange }): UidAllocator {
  const { first, last } = checkedRange(input.range);
  const uidsDir = join(input.directory, "uids");
  const tenantsDir = join(input.directory, "tenants");
  const uidFile = (uid: number) => join(uidsDir, String(uid));
  const tenantFile = (tenantId: string) => join(tenantsDir, tenantId);

  async function claimFree(tenantId: string): Promise<number> {
    const taken = new Set(await readdir(uidsDir));
    for (let uid = first; uid <= last; uid += 1) {
      if (taken.has(String(uid))) continue;
      if (await createExclusive(uidFile(uid), tenantId)) return uid;
    }
    throw new StorageError("STORAGE.UIDS_EXHAUSTED", `no free uid in ${first}-${last}`, { retryable: false });
  }

  /** The tenant's uid if its index and its claim agree; a stale index (crash mid-release) is dropped. */
  async function indexed(tenantId: string): Promise<number | undefined> {
    const text = await readText(tenantFile(tenantId));
    if (text === undefined) return undefined;
    const uid = Number(text);
    const owner = await readText(uidFile(uid));
    if (owner === tenantId || (owner === undefined && (await createExclusive(uidFile(uid), tenantId))))
      return uid;
    if ((await readText(tenantFile(tenantId))) === text) await rm(tenantFile(tenantId), { force: true });
    return undefined;
  }

  return {
    async allocate(tenantId) {
      await mkdir(uidsDir, { recursive: true, mode: 0o700 });
      await mkdir(tenantsDir, { recursive: true, mode: 0o700 });
      const known = await indexed(tenantId);
      if (known !== undefined) return known;
      const uid = await claimFree(tenantId);
      if (await createExclusive(tenantFile(tenantId), String(uid))) return uid;
      // A concurrent allocation for the same tenant won: use its uid and give ours back.
      const winner = Number(await readText(tenantFile(tenantId)));
      if (winner !== uid) await unlinkIfOwned(uidFile(uid), tenantId);
      return winner;
    },
    async release(tenantId) {
      // The index first: a claim without an index is harmless, an index without its claim is not.
      await rm(tenantFile(tenantId), { force: true });
      const names = await readdir(uidsDir).catch(() => [] as string[]);
      for (const name of names.filter((entry) => /^\d+$/.test(entry)))
        await unlinkIfOwned(join(uidsDir, name), tenantId);
    },
  };
}

function checkedRange(range: UidRange): UidRange {
  if (
    !Number.isInteger(range.first) ||
    !Number.isInteger(range.last) ||
    range.first < 1000 ||
    range.last < range.first
  )
    throw new Error(`uid range ${range.first}-${range.last} must be whole numbers, from 1000 up`);
  return range;
}

/** Creates `path` holding `content`, or returns false when it exists: link(2) never replaces. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

async function unlinkIfOwned(path: string, tenantId: string): Promise<void> {
  if ((await readText(path)) === tenantId) await rm(path, { force: true });
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
