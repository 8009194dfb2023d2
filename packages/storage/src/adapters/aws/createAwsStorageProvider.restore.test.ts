import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { InstanceRef } from "@bbws/contracts";
import { createMemoryResourceRecords } from "@bbws/mesh";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createFakeEfs,
  createFakeS3,
  createFakeSecretsManager,
  createUidTable,
} from "../../testing/fakeAwsStorage.ts";
import { connectAs, createAdminPool, dropTenants, MARIADB, uniqueTenantId } from "../../testing/mariadb.ts";
import { storageFlowOf } from "../../testing/storageFlow.ts";
import { specFor } from "../storageProviderContract.ts";
import { createAwsStorageProvider } from "./createAwsStorageProvider.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const uidTable = `storage-aws-restore-${randomUUID()}`;
let admin: Pool;
const scratch: string[] = [];
const tenants: string[] = [];

beforeAll(async () => {
  admin = createAdminPool();
  await createUidTable(dynamo, uidTable);
});
afterAll(async () => {
  await dropTenants(admin, tenants);
  await admin.end();
  await dynamo.send(new DeleteTableCommand({ TableName: uidTable }));
  dynamo.destroy();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** EFS, Secrets Manager and S3 are stateful fakes; DynamoDB is DynamoDB Local; "RDS" is the local MariaDB. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), "bbws-aws-restore-"));
  scratch.push(dir);
  const mount = join(dir, "mnt", "efs");
  mkdirSync(mount, { recursive: true });
  const secretsManager = createFakeSecretsManager();
  const s3 = createFakeS3();
  const provider = storageFlowOf(
    createAwsStorageProvider({
      efs: createFakeEfs().client,
      secretsManager: secretsManager.client,
      s3: s3.client,
      dynamo,
      pool: admin,
      databaseHost: MARIADB.host,
      databasePort: MARIADB.port,
      fileSystemId: "fs-0123456789abcdef0",
      efsMountPath: mount,
      requireEfsMountPoint: false,
      uidTable,
      uidRange: { first: 60_000, last: 69_999 },
      archiveBucket: "bbws-archive",
      archivePrefix: "storage/",
      stagingDir: join(dir, "tmp"),
      records: createMemoryResourceRecords(),
      sleep: async () => undefined,
    }),
  );
  return { provider, s3, secretsManager, mount };
}

describe("createAwsStorageProvider restore", () => {
  it("reads the backup from S3, stores the safety backup with a checksummed PutObject, and swaps both database and EFS files", async () => {
    const { provider, s3, secretsManager, mount } = setup();
    const tenantId = uniqueTenantId();
    tenants.push(tenantId);
    const ref: InstanceRef = { instanceId: randomUUID(), tenantId, environment: "prod" };
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
