import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { useAwsStorageFixture } from "../../testing/awsStorageFixture.ts";
import { connectAs } from "../../testing/mariadb.ts";
import { specFor } from "../storageProviderContract.ts";

const { setup, newInstance } = useAwsStorageFixture("aws-restore");

describe("createAwsStorageProvider restore", () => {
  it("reads the backup from S3, stores the safety backup with a checksummed PutObject, and swaps both database and EFS files", async () => {
    const { provider, s3, secretsManager, mount } = setup(undefined, {
      uidRange: { first: 60_000, last: 69_999 },
      archivePrefix: "storage/",
    });
    const ref = newInstance();
    const { tenantId } = ref;
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const content = join(mount, "tenants", tenantId);
    mkdirSync(join(content, "wp-content"), { recursive: true });
    writeFileSync(join(content, "wp-content", "post.html"), "<p>kept</p>");
    const tenant = await connectAs(
      JSON.parse(secretsManager.secrets.get(`bbws/${tenantId}/prod/db`)?.value ?? "{}"),
    );
    await tenant.query("CREATE TABLE wp_options (name VARCHAR(64) PRIMARY KEY, value TEXT)");
    await tenant.query("INSERT INTO wp_options VALUES ('blogname', 'Kept')");
    const backupId = randomUUID();
    const backup = await provider.backup(ref, backupId);
    await tenant.query("UPDATE wp_options SET value = 'Changed'");
    writeFileSync(join(content, "wp-content", "post.html"), "<p>changed</p>");
    s3.mock.resetHistory();

    const operationId = randomUUID();
    const safety = await provider.restore(ref, { operationId, backup });

    const safetyKey = `storage/${tenantId}/backups/${operationId}.tar.gz`;
    expect(safety).toMatchObject({ backupId: operationId, location: `s3://bbws-archive/${safetyKey}` });
    const backupKey = `storage/${tenantId}/backups/${backupId}.tar.gz`;
    expect(s3.mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      // The backup and then the safety backup are read back and verified before anything is swapped,
      { Bucket: "bbws-archive", Key: backupKey },
      { Bucket: "bbws-archive", Key: safetyKey },
      // and the backup is read once more, verified again while it is extracted for the swap.
      { Bucket: "bbws-archive", Key: backupKey },
    ]);
    const puts = s3.mock.commandCalls(PutObjectCommand);
    expect(puts).toHaveLength(1);
    const { Body: _body, ...put } = puts[0]?.args[0].input ?? {};
    expect(put).toEqual({
      Bucket: "bbws-archive",
      Key: safetyKey,
      ContentLength: safety.sizeBytes,
      ContentType: "application/gzip",
      ChecksumSHA256: Buffer.from(safety.sha256, "hex").toString("base64"),
      Tagging: `bbws%3AtenantId=${tenantId}&bbws%3AinstanceId=${ref.instanceId}&bbws%3Aenvironment=prod&bbws%3AmanagedBy=bbws-instance-management`,
    });
    expect(s3.mock.commandCalls(HeadObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: "bbws-archive", Key: safetyKey, ChecksumMode: "ENABLED" },
    ]);

    expect(readFileSync(join(content, "wp-content", "post.html"), "utf8")).toBe("<p>kept</p>");
    expect(statSync(join(content, "wp-content", "post.html")).uid).toBe(outputs.posixUid);
    const [rows] = await tenant.query("SELECT value FROM wp_options");
    expect(rows).toEqual([{ value: "Kept" }]);
    await tenant.end();
  });
});
