import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorageFixture } from "../../testing/localStorageFixture.ts";
import { connectAs, sqlTraces } from "../../testing/mariadb.ts";
import type { SqlPool } from "../sql/sqlPool.ts";
import { specFor } from "../storageProviderContract.ts";

const fixture = createLocalStorageFixture();
const { setup, newInstance } = fixture;
beforeAll(fixture.start);
afterAll(fixture.stop);

describe("createLocalStorageProvider release", () => {
  it("deprovisions to nothing: no database, user, grant, directory, secret, uid claim or record; the archive is whole", async () => {
    const { provider, dataDir, secrets, records } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const credentials = JSON.parse(secrets.read(outputs.credentialsSecretRef));
    const asTenant = await connectAs(credentials);
    await asTenant.query("CREATE TABLE wp_posts (id INT PRIMARY KEY, title TEXT)");
    await asTenant.query("INSERT INTO wp_posts VALUES (1, 'Hello world')");
    await asTenant.end();
    const content = join(dataDir, "efs", outputs.rootDirectory);
    mkdirSync(join(content, "wp-content", "uploads"), { recursive: true });
    writeFileSync(join(content, "wp-content", "uploads", "photo.jpg"), "jpeg bytes");

    const { archive, released } = await provider.releaseStorage(ref, { archive: true });
    expect(released).toContain(`uid:${outputs.posixUid}`);
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(existsSync(content)).toBe(false);
    expect(secrets.exists(outputs.credentialsSecretRef)).toBe(false);
    expect(readdirSync(join(dataDir, "storage", "uids")).filter((name) => /^\d+$/.test(name))).toEqual([]);
    expect(existsSync(join(dataDir, "storage", "tenants", ref.tenantId))).toBe(false);
    expect(await records.list()).toEqual([]);

    expect(archive?.location).toMatch(
      new RegExp(`/archive/${ref.tenantId}/${ref.instanceId}-\\d{8}T\\d{6}Z\\.tar\\.gz$`),
    );
    const bytes = readFileSync(archive?.location ?? "");
    expect([bytes.length, createHash("sha256").update(bytes).digest("hex")]).toEqual([
      archive?.sizeBytes,
      archive?.sha256,
    ]);
    const listed = execFileSync("tar", ["-tzf", archive?.location ?? ""], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(listed).toEqual(
      expect.arrayContaining([
        "dump.sql",
        "content/",
        "content/wp-content/uploads/photo.jpg",
        "manifest.json",
      ]),
    );
    const dump = execFileSync("tar", ["-xzOf", archive?.location ?? "", "dump.sql"], { encoding: "utf8" });
    expect(dump).toContain("CREATE TABLE `wp_posts`");
    expect(dump).toContain("'Hello world'");
    const photo = execFileSync("tar", [
      "-xzOf",
      archive?.location ?? "",
      "content/wp-content/uploads/photo.jpg",
    ]);
    expect(photo.toString()).toBe("jpeg bytes");
    expect(statSync(archive?.location ?? "").mode & 0o777).toBe(0o600);
  });

  it("drops nothing when the archive cannot be written (STORAGE.ARCHIVE_FAILED), and succeeds once it can", async () => {
    const { provider, dataDir, secrets, records } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    // Root ignores permission bits: a file where the archive directory should be stops even root.
    writeFileSync(join(dataDir, "archive"), "not a directory");
    await expect(provider.releaseStorage(ref, { archive: true })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.ARCHIVE_FAILED" }),
    );
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 1, users: 2, grants: 2 });
    expect(existsSync(join(dataDir, "efs", outputs.rootDirectory))).toBe(true);
    expect(secrets.exists(outputs.credentialsSecretRef)).toBe(true);
    expect(existsSync(join(dataDir, "storage", "uids", String(outputs.posixUid)))).toBe(true);
    expect((await records.list()).map((record) => record.kind)).toEqual(["tenant-storage"]);
    expect(readdirSync(join(dataDir, "storage", "staging"))).toEqual([]);

    rmSync(join(dataDir, "archive"));
    const { archive } = await provider.releaseStorage(ref, { archive: true });
    expect(existsSync(archive?.location ?? "")).toBe(true);
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
  });

  it("a release retried after a crash mid-drop reuses the verified archive instead of archiving what is left", async () => {
    let failDrops = 1;
    const flaky = {
      getConnection: () => fixture.admin().getConnection(),
      query: (sql: string, values?: unknown[]) => {
        if (sql.startsWith("DROP DATABASE") && failDrops-- > 0)
          return Promise.reject(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
        return fixture.admin().query(sql, values);
      },
    } as unknown as SqlPool;
    const { provider, dataDir } = setup({ pool: flaky });
    const ref = newInstance();
    await provider.ensureStorage(ref, specFor(ref));
    await expect(provider.releaseStorage(ref, { archive: true })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.DATABASE_UNAVAILABLE", retryable: true }),
    );
    const retried = await provider.releaseStorage(ref, { archive: true });
    expect(readdirSync(join(dataDir, "archive", ref.tenantId))).toHaveLength(1);
    expect(retried.archive?.location).toBe(
      join(dataDir, "archive", ref.tenantId, readdirSync(join(dataDir, "archive", ref.tenantId))[0] ?? ""),
    );
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
  });
});
