import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { InstanceRef } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, inject } from "vitest";
import {
  type AwsStorageProviderOptions,
  createAwsStorageProvider,
} from "../adapters/aws/createAwsStorageProvider.ts";
import { createFakeEfs, createFakeS3, createFakeSecretsManager, createUidTable } from "./fakeAwsStorage.ts";
import { createAdminPool, dropTenants, MARIADB, uniqueTenantId } from "./mariadb.ts";
import { storageFlowOf } from "./storageFlow.ts";

/**
 * The AWS provider for a test file: EFS, Secrets Manager and S3 are stateful fakes, DynamoDB is
 * DynamoDB Local (a uid table of the file's own), "RDS" is the local MariaDB, and a temporary
 * directory stands in for the EFS mount. Every tenant handed out is dropped after the file.
 */
export function useAwsStorageFixture(name: string) {
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
  const uidTable = `storage-${name}-${randomUUID()}`;
  let pool: Pool | undefined;
  const scratch: string[] = [];
  const tenants: string[] = [];
  const admin = () => {
    if (!pool) throw new Error("the fixture's beforeAll has not run");
    return pool;
  };

  beforeAll(async () => {
    pool = createAdminPool();
    await createUidTable(dynamo, uidTable);
  });
  afterAll(async () => {
    await dropTenants(admin(), tenants);
    await admin().end();
    await dynamo.send(new DeleteTableCommand({ TableName: uidTable }));
    dynamo.destroy();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  return {
    admin,
    setup(
      records: ResourceRecords = createMemoryResourceRecords(),
      options: Partial<AwsStorageProviderOptions> = {},
    ) {
      const dir = mkdtempSync(join(tmpdir(), `bbws-${name}-`));
      scratch.push(dir);
      const mount = join(dir, "mnt", "efs");
      mkdirSync(mount, { recursive: true });
      const efs = createFakeEfs();
      const secretsManager = createFakeSecretsManager();
      const s3 = createFakeS3();
      const provider = storageFlowOf(
        createAwsStorageProvider({
          efs: efs.client,
          secretsManager: secretsManager.client,
          s3: s3.client,
          dynamo,
          pool: admin(),
          databaseHost: MARIADB.host,
          databasePort: MARIADB.port,
          fileSystemId: "fs-0123456789abcdef0",
          efsMountPath: mount,
          // A temporary directory stands in for the EFS mount here.
          requireEfsMountPoint: false,
          uidTable,
          uidRange: { first: 50_000, last: 59_999 },
          archiveBucket: "bbws-archive",
          stagingDir: join(dir, "tmp"),
          records,
          sleep: async () => undefined,
          ...options,
        }),
      );
      return { provider, efs, secretsManager, s3, records, mount, dir };
    },
    newInstance(): InstanceRef {
      const tenantId = uniqueTenantId();
      tenants.push(tenantId);
      return { instanceId: randomUUID(), tenantId, environment: "prod" };
    },
  };
}
