import { AccessPointNotFound, DescribeAccessPointsCommand, EFSClient } from "@aws-sdk/client-efs";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { StorageOutputs } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsStorageDriftCheck } from "../adapters/aws/createAwsStorageDriftCheck.ts";
import { createSqlStorageDriftCheck } from "../adapters/sql/createSqlStorageDriftCheck.ts";
import { createAdminPool, dropTenants, uniqueTenantId } from "../testing/mariadb.ts";
import { createStorageDriftHandler } from "./createStorageDriftHandler.ts";

/**
 * The storage drift function's handler against the real MariaDB on 127.0.0.1:3306 (root): the
 * catalog read the function does on RDS, with EFS and Secrets Manager mocked.
 */
const efs = new EFSClient({ region: "eu-west-1" });
const secrets = new SecretsManagerClient({ region: "eu-west-1" });
const efsMock = mockClient(efs);
const secretsMock = mockClient(secrets);
const tenantId = uniqueTenantId();
const name = `wp_${tenantId}`;
// Fixed (not the run's tenant): the IAM requests recorded from this file stay the same every run.
const secretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/acme/dev/db-AbCdEf";
const storage: StorageOutputs = {
  accessPointId: "fsap-0123456789abcdef0",
  rootDirectory: `/tenants/${tenantId}`,
  posixUid: 20001,
  posixGid: 20001,
  databaseHost: "127.0.0.1",
  databasePort: 3306,
  databaseName: name,
  databaseUser: name,
  credentialsSecretRef: secretArn,
};
const request = { instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6", tenantId, environment: "dev", storage };
let admin: Pool;
let handle: ReturnType<typeof createStorageDriftHandler>;

beforeAll(async () => {
  admin = createAdminPool();
  handle = createStorageDriftHandler({
    served: "dev",
    checks: [
      createSqlStorageDriftCheck(admin),
      createAwsStorageDriftCheck({ efsFor: () => efs, secretsFor: () => secrets }),
    ],
  });
});

beforeEach(async () => {
  efsMock.reset();
  secretsMock.reset();
  efsMock.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [{ LifeCycleState: "available" }] });
  secretsMock.on(DescribeSecretCommand).resolves({ ARN: secretArn });
  await dropTenants(admin, [tenantId]);
  await admin.query(`CREATE DATABASE \`${name}\``);
  // As storage provisions on MariaDB: the user on the hosts WordPress connects from.
  for (const host of ["localhost", "127.0.0.1"])
    await admin.query("CREATE USER ?@? IDENTIFIED BY 'drift-probe-password'", [name, host]);
});

afterAll(async () => {
  await dropTenants(admin, [tenantId]);
  await admin.end();
});

describe("createStorageDriftHandler (real MariaDB)", () => {
  it("answers nothing missing when the database, its user, the access point and the secret exist", async () => {
    expect(await handle(request)).toEqual({ missing: [] });
    expect(efsMock.commandCalls(DescribeAccessPointsCommand)[0]?.args[0].input).toEqual({
      AccessPointId: storage.accessPointId,
    });
    expect(secretsMock.commandCalls(DescribeSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: secretArn,
    });
  });

  it("a database user dropped by hand is storage:database-user", async () => {
    for (const host of ["localhost", "127.0.0.1"]) await admin.query("DROP USER ?@?", [name, host]);
    expect(await handle(request)).toEqual({ missing: ["storage:database-user"] });
  });

  it("a dropped database, and a deleted access point beside it", async () => {
    await admin.query(`DROP DATABASE \`${name}\``);
    efsMock
      .on(DescribeAccessPointsCommand)
      .rejects(new AccessPointNotFound({ $metadata: {}, message: "gone", ErrorCode: "AccessPointNotFound" }));
    expect(await handle(request)).toEqual({ missing: ["storage:database", "storage:access-point"] });
  });

  it("refuses another environment, a request it cannot read, and names that are not a tenant's", async () => {
    await expect(handle({ ...request, environment: "prod" })).rejects.toThrow("stores dev only");
    await expect(handle({ tenantId })).rejects.toThrow("not a storage drift request");
    await expect(handle({ ...request, storage: { ...storage, databaseUser: "root" } })).rejects.toThrow(
      "refusing SQL identifier",
    );
    expect(efsMock.calls()).toHaveLength(1);
  });

  it("a database error rejects (a function error for the caller, never drift)", async () => {
    const broken = createStorageDriftHandler({
      served: "dev",
      checks: [
        createSqlStorageDriftCheck({
          query: (async () => {
            throw Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" });
          }) as never,
          getConnection: (async () => {
            throw new Error("unused");
          }) as never,
        }),
      ],
    });
    await expect(broken(request)).rejects.toMatchObject({
      code: "STORAGE.DATABASE_UNAVAILABLE",
      message: "look up the database: connect ETIMEDOUT",
    });
  });
});
