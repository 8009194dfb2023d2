import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { InstanceRef } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createFakeEfs,
  createFakeS3,
  createFakeSecretsManager,
  createUidTable,
} from "../../testing/fakeAwsStorage.ts";
import {
  connectAs,
  createAdminPool,
  dropTenants,
  MARIADB,
  sqlTraces,
  uniqueTenantId,
} from "../../testing/mariadb.ts";
import { storageFlowOf } from "../../testing/storageFlow.ts";
import { describeStorageProviderContract, specFor } from "../storageProviderContract.ts";
import { createAwsStorageProvider } from "./createAwsStorageProvider.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const uidTable = `storage-aws-${randomUUID()}`;
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
function setup(records: ResourceRecords = createMemoryResourceRecords()) {
  const dir = mkdtempSync(join(tmpdir(), "bbws-aws-storage-"));
  scratch.push(dir);
  mkdirSync(join(dir, "mnt", "efs"), { recursive: true });
  const efs = createFakeEfs();
  const secretsManager = createFakeSecretsManager();
  const s3 = createFakeS3();
  const provider = storageFlowOf(
    createAwsStorageProvider({
      efs: efs.client,
      secretsManager: secretsManager.client,
      s3: s3.client,
      dynamo,
      pool: admin,
      databaseHost: MARIADB.host,
      databasePort: MARIADB.port,
      fileSystemId: "fs-0123456789abcdef0",
      efsMountPath: join(dir, "mnt", "efs"),
      // A temporary directory stands in for the EFS mount here.
      requireEfsMountPoint: false,
      uidTable,
      uidRange: { first: 50_000, last: 59_999 },
      archiveBucket: "bbws-archive",
      stagingDir: join(dir, "tmp"),
      records,
      sleep: async () => undefined,
    }),
  );
  return { provider, efs, secretsManager, s3, records, mount: join(dir, "mnt", "efs") };
}

const newInstance = (): InstanceRef => {
  const tenantId = uniqueTenantId();
  tenants.push(tenantId);
  return { instanceId: randomUUID(), tenantId, environment: "prod" };
};

describeStorageProviderContract(
  "AWS (EFS/Secrets Manager/S3 fakes, DynamoDB Local, MariaDB as RDS)",
  async () => {
    const { provider } = setup();
    return { provider, cleanup: (tenantIds) => dropTenants(admin, tenantIds) };
  },
);

describe("createAwsStorageProvider", () => {
  it("provisions an access point, a tagged secret (ARN) and an account on host % that works", async () => {
    const { provider, efs, secretsManager } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    expect(outputs.accessPointId).toMatch(/^fsap-/);
    expect(outputs.credentialsSecretRef).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws\/.+\/prod\/db-/,
    );
    expect([...efs.points.values()][0]).toMatchObject({
      path: `/tenants/${ref.tenantId}`,
      uid: outputs.posixUid,
    });
    const stored = JSON.parse(secretsManager.secrets.get(`bbws/${ref.tenantId}/prod/db`)?.value ?? "{}");
    await (await connectAs(stored)).end();
    const [hosts] = await admin.query("SELECT Host FROM mysql.user WHERE User = ?", [outputs.databaseUser]);
    expect(hosts).toEqual([{ Host: "%" }]);
  });

  it("archives the dump and the files under the EFS mount to S3, verified, then deletes everything", async () => {
    const { provider, efs, secretsManager, s3, mount, records } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    mkdirSync(join(mount, "tenants", ref.tenantId, "wp-content"), { recursive: true });
    writeFileSync(join(mount, "tenants", ref.tenantId, "wp-content", "post.html"), "<p>hello</p>");

    const { archive, released } = await provider.releaseStorage(ref, { archive: true });
    expect(archive?.location).toMatch(
      new RegExp(`^s3://bbws-archive/${ref.tenantId}/${ref.instanceId}-\\d{8}T\\d{6}Z\\.tar\\.gz$`),
    );
    expect(s3.mock.commandCalls(GetObjectCommand)).toHaveLength(1);
    const object = [...s3.objects.values()][0];
    const dir = scratch.at(-1) ?? "";
    writeFileSync(join(dir, "downloaded.tar.gz"), object?.body ?? Buffer.alloc(0));
    const listed = execFileSync("tar", ["-tzf", join(dir, "downloaded.tar.gz")], { encoding: "utf8" });
    expect(listed).toContain("content/wp-content/post.html");
    expect(object?.tagging).toContain(`bbws%3AtenantId=${ref.tenantId}`);
    expect(released).toEqual(
      expect.arrayContaining([
        `access-point:${outputs.accessPointId}`,
        `secret:bbws/${ref.tenantId}/prod/db`,
        `uid:${outputs.posixUid}`,
      ]),
    );
    expect(efs.points.size).toBe(0);
    expect(secretsManager.secrets.size).toBe(0);
    expect(existsSync(join(mount, "tenants", ref.tenantId))).toBe(false);
    expect(await sqlTraces(admin, ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(await records.list()).toEqual([]);
  });

  it("drops nothing when S3 refuses the archive (STORAGE.ARCHIVE_FAILED)", async () => {
    const { provider, efs, secretsManager, s3, records } = setup();
    const ref = newInstance();
    await provider.ensureStorage(ref, specFor(ref));
    s3.mock.on(GetObjectCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    await expect(provider.releaseStorage(ref, { archive: true })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.ARCHIVE_FAILED" }),
    );
    expect(efs.points.size).toBe(1);
    expect(secretsManager.secrets.size).toBe(1);
    expect(await sqlTraces(admin, ref.tenantId)).toEqual({ databases: 1, users: 1, grants: 1 });
    expect((await records.list()).map((record) => record.kind)).toEqual(["tenant-storage"]);
  });

  it("after a crash between CreateAccessPoint and the record, a rollback still finds and deletes the access point", async () => {
    const records = createMemoryResourceRecords();
    const { provider, efs } = setup(records);
    const ref = newInstance();
    await provider.ensureStorage(ref, specFor(ref));
    const [record] = await records.list();
    const { accessPointId: _lost, ...attributes } = record?.attributes ?? {};
    await records.put({ ...(record as NonNullable<typeof record>), state: "intended", attributes });
    const { released } = await provider.releaseStorage(ref, { archive: false });
    expect(released.some((name) => name.startsWith("access-point:fsap-"))).toBe(true);
    expect(efs.points.size).toBe(0);
  });
});
