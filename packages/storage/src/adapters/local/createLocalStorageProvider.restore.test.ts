import { randomUUID } from "node:crypto";
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { InstanceRef } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorageFixture } from "../../testing/localStorageFixture.ts";
import { connectAs } from "../../testing/mariadb.ts";
import { rowsOf, treeOf, withoutOwners } from "../../testing/tenantSnapshot.ts";
import { verifyArchive } from "../archive/verifyArchive.ts";
import { splitSqlStatements } from "../sql/splitSqlStatements.ts";
import type { StorageParts } from "../storageParts.ts";
import { specFor } from "../storageProviderContract.ts";

const fixture = createLocalStorageFixture();
const { setup, newInstance } = fixture;
beforeAll(fixture.start);
afterAll(fixture.stop);

type Setup = ReturnType<typeof setup>;

/** A provisioned tenant with a post and an upload, backed up, then changed: a row, a file gone, a file and a table added. */
async function backedUpThenChanged(context: Setup, ref: InstanceRef = newInstance()) {
  const { provider, dataDir, secrets } = context;
  const outputs = await provider.ensureStorage(ref, specFor(ref));
  const content = join(dataDir, "efs", outputs.rootDirectory);
  const tenant = await connectAs(JSON.parse(secrets.read(outputs.credentialsSecretRef)));
  try {
    await tenant.query("CREATE TABLE wp_posts (id INT PRIMARY KEY, title TEXT)");
    await tenant.query("INSERT INTO wp_posts VALUES (1, 'Hello world'), (2, 'it''s; kept')");
    mkdirSync(join(content, "wp-content", "uploads"), { recursive: true });
    writeFileSync(join(content, "wp-content", "uploads", "photo.jpg"), "jpeg bytes");
    chmodSync(join(content, "wp-content", "uploads", "photo.jpg"), 0o640);
    symlinkSync("uploads/photo.jpg", join(content, "wp-content", "latest"));
    const database = outputs.databaseName;
    const atBackup = { rows: await rowsOf(fixture.admin(), database), tree: treeOf(content) };
    const backup = await provider.backup(ref, randomUUID());
    await tenant.query("UPDATE wp_posts SET title = 'Changed' WHERE id = 1");
    await tenant.query("CREATE TABLE wp_later (id INT)");
    rmSync(join(content, "wp-content", "uploads", "photo.jpg"));
    writeFileSync(join(content, "after-backup.txt"), "not in the backup");
    const beforeRestore = { rows: await rowsOf(fixture.admin(), database), tree: treeOf(content) };
    const now = async () => ({ rows: await rowsOf(fixture.admin(), database), tree: treeOf(content) });
    return { ref, outputs, content, backup, atBackup, beforeRestore, now };
  } finally {
    await tenant.end();
  }
}

const leftovers = (dataDir: string, tenantId: string) => ({
  tenants: readdirSync(join(dataDir, "efs", "tenants")).filter((name) => name !== tenantId),
  staging: existsSync(join(dataDir, "storage", "staging"))
    ? readdirSync(join(dataDir, "storage", "staging"))
    : [],
});

describe("createLocalStorageProvider restore", () => {
  it("brings rows and files back exactly as at backup time, owned by the tenant, after a safety backup that verifies", async () => {
    const context = setup();
    const { ref, outputs, content, backup, atBackup, now } = await backedUpThenChanged(context);
    const operationId = randomUUID();
    const safety = await context.provider.restore(ref, { operationId, backup });

    const restored = await now();
    expect(restored.rows).toEqual(atBackup.rows);
    expect(withoutOwners(restored.tree)).toEqual(withoutOwners(atBackup.tree));
    expect(
      restored.tree.every((entry) => entry.uid === outputs.posixUid && entry.gid === outputs.posixGid),
    ).toBe(true);
    expect(statSync(content).mode & 0o777).toBe(0o750);
    expect(leftovers(context.dataDir, ref.tenantId)).toEqual({ tenants: [], staging: [] });

    expect(safety).toMatchObject({
      backupId: operationId,
      location: join(context.dataDir, "archive", ref.tenantId, "backups", `${operationId}.tar.gz`),
    });
    const verified = await verifyArchive(createReadStream(safety.location), safety);
    expect(verified.manifest).toMatchObject({ tenantId: ref.tenantId, instanceId: ref.instanceId });
    const names = verified.entries.map((entry) => entry.name);
    expect(names).toContain("content/after-backup.txt");
    expect(names).not.toContain("content/wp-content/uploads/photo.jpg");

    // The tenant's account still works on the restored database.
    const tenant = await connectAs(JSON.parse(context.secrets.read(outputs.credentialsSecretRef)));
    await tenant.query("INSERT INTO wp_posts VALUES (3, 'written after the restore')");
    await tenant.end();
    expect((await rowsOf(fixture.admin(), outputs.databaseName)).wp_posts).toHaveLength(3);
  });

  it("refuses a corrupt backup (one byte flipped) with STORAGE.BACKUP_INVALID and changes nothing", async () => {
    const context = setup();
    const { ref, backup, beforeRestore, now } = await backedUpThenChanged(context);
    const bytes = readFileSync(backup.location);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    writeFileSync(backup.location, bytes);
    const operationId = randomUUID();
    await expect(context.provider.restore(ref, { operationId, backup })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.BACKUP_INVALID", retryable: false }),
    );
    expect(await now()).toEqual(beforeRestore);
    expect(
      existsSync(join(context.dataDir, "archive", ref.tenantId, "backups", `${operationId}.tar.gz`)),
    ).toBe(false);
    expect(leftovers(context.dataDir, ref.tenantId)).toEqual({ tenants: [], staging: [] });
  });

  it("puts the pre-restore data back when the database load fails midway (STORAGE.RESTORE_FAILED), and says so", async () => {
    let loads = 0;
    const context = setup({
      wrap: (parts) =>
        withDatabaseLoad(parts, async (database, file) => {
          loads += 1;
          if (loads > 1) return parts.database.load(database, file);
          // The tables are dropped and the first table created (empty) before the connection "breaks".
          const partial = await upToFirstCreateTable(file);
          await parts.database.load(database, partial).finally(() => rmSync(partial));
          throw new Error("connection lost after the first statement");
        }),
    });
    const { ref, outputs, backup, beforeRestore, now } = await backedUpThenChanged(context);
    const operationId = randomUUID();
    const failed = context.provider.restore(ref, { operationId, backup });
    await expect(failed).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.RESTORE_FAILED", retryable: false }),
    );
    await expect(failed).rejects.toThrow(/connection lost.*back on its pre-restore data/);
    const after = await now();
    expect(after.rows).toEqual(beforeRestore.rows);
    expect(withoutOwners(after.tree)).toEqual(withoutOwners(beforeRestore.tree));
    expect(after.tree.every((entry) => entry.uid === outputs.posixUid)).toBe(true);
    expect(leftovers(context.dataDir, ref.tenantId)).toEqual({ tenants: [], staging: [] });
    // The swap and the put-back.
    expect(loads).toBe(2);
  });

  it("says where the safety backup is when putting it back fails too", async () => {
    const context = setup({
      wrap: (parts) =>
        withDatabaseLoad(parts, async () => {
          throw new Error("the server is gone");
        }),
    });
    const { ref, backup } = await backedUpThenChanged(context);
    const operationId = randomUUID();
    const safetyPath = join(context.dataDir, "archive", ref.tenantId, "backups", `${operationId}.tar.gz`);
    const failed = context.provider.restore(ref, { operationId, backup });
    await expect(failed).rejects.toThrow(
      expect.objectContaining({
        code: "STORAGE.RESTORE_INCOMPLETE",
        message: expect.stringContaining(`putting the safety backup back failed too`),
      }),
    );
    await expect(failed).rejects.toThrow(safetyPath);
    expect(existsSync(safetyPath)).toBe(true);
  });

  it("a redelivered swap after a crash inside it finishes the restore (the step is safe to repeat)", async () => {
    let crash = true;
    const context = setup({
      wrap: (parts) =>
        withDatabaseLoad(parts, async (database, file) => {
          if (!crash) return parts.database.load(database, file);
          crash = false;
          const partial = await upToFirstCreateTable(file);
          await parts.database.load(database, partial).finally(() => rmSync(partial));
          throw new Error("process killed");
        }),
    });
    const { ref, backup, atBackup, now } = await backedUpThenChanged(context);
    await expect(context.provider.restoreData(ref, backup)).rejects.toThrow("process killed");
    await context.provider.restoreData(ref, backup);
    const restored = await now();
    expect(restored.rows).toEqual(atBackup.rows);
    expect(withoutOwners(restored.tree)).toEqual(withoutOwners(atBackup.tree));
    expect(leftovers(context.dataDir, ref.tenantId)).toEqual({ tenants: [], staging: [] });
  });

  it("restores a backup taken when the tenant had no files to an empty 0750 directory of the tenant's", async () => {
    const context = setup();
    const ref = newInstance();
    const outputs = await context.provider.ensureStorage(ref, specFor(ref));
    const content = join(context.dataDir, "efs", outputs.rootDirectory);
    rmSync(content, { recursive: true });
    const backup = await context.provider.backup(ref, randomUUID());
    mkdirSync(content);
    writeFileSync(join(content, "later.txt"), "later");
    await context.provider.restore(ref, { operationId: randomUUID(), backup });
    expect(readdirSync(content)).toEqual([]);
    const info = statSync(content);
    expect([info.mode & 0o777, info.uid, info.gid]).toEqual([0o750, outputs.posixUid, outputs.posixGid]);
  });

  it("a restore keeps no record of its own (the journal remembers its steps); release deletes the rest", async () => {
    const context = setup();
    const { ref, backup } = await backedUpThenChanged(context);
    await context.provider.restore(ref, { operationId: randomUUID(), backup });
    expect((await context.records.list()).map((record) => record.kind)).toEqual(["tenant-storage"]);
    await context.provider.releaseStorage(ref, { archive: false });
    expect(await context.records.list()).toEqual([]);
  });
});

function withDatabaseLoad(parts: StorageParts, load: StorageParts["database"]["load"]): StorageParts {
  return { ...parts, database: { ...parts.database, load } };
}

/** The dump's statements up to and including its first CREATE TABLE, as a file beside it. */
async function upToFirstCreateTable(file: string): Promise<string> {
  const kept: string[] = [];
  for await (const statement of splitSqlStatements(createReadStream(file, { encoding: "utf8" }))) {
    kept.push(statement);
    if (statement.startsWith("CREATE TABLE")) break;
  }
  const partial = `${file}.partial`;
  writeFileSync(partial, `${kept.join(";\n")};\n`);
  return partial;
}
