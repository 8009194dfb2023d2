import { DeleteAccessPointCommand, EFSClient } from "@aws-sdk/client-efs";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { DeleteSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { OwnedResource } from "@bbws/contracts";
import { awsError, inputsOf } from "@bbws/mesh/testing";
import { mockClient } from "aws-sdk-client-mock";
import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdminPool, createSpyPool, dropTenants, uniqueTenantId } from "../../testing/mariadb.ts";
import { createAwsStorageInventory } from "./createAwsStorageInventory.ts";

const INSTANCE_ID = "22222222-2222-4222-8222-222222222222";
const AP_ARN = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0";
const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
const tags = (tenantId: string) => [
  { Key: "Name", Value: `efs-ap-${tenantId}` },
  { Key: "bbws:tenantId", Value: tenantId },
  { Key: "bbws:instanceId", Value: INSTANCE_ID },
  { Key: "bbws:environment", Value: "sit" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];

const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const efsClient = new EFSClient({ region: "eu-west-1" });
const secretsClient = new SecretsManagerClient({ region: "eu-west-1" });
const tagging = mockClient(taggingClient);
const efs = mockClient(efsClient);
const secrets = mockClient(secretsClient);

describe("createAwsStorageInventory", () => {
  const tenantId = uniqueTenantId();
  const database = `wp_${tenantId}`;
  let admin: Pool;

  const inventory = (pool = admin as never) =>
    createAwsStorageInventory({
      tagging: taggingClient,
      efs: efsClient,
      secretsManager: secretsClient,
      pool,
      environment: "sit",
      secretPrefix: "bbws/",
    });
  const owned = (kind: string, id: string, extra: Partial<OwnedResource> = {}): OwnedResource => ({
    service: "storage",
    kind,
    id,
    tenantId,
    environment: "sit",
    ...extra,
  });

  beforeAll(async () => {
    admin = createAdminPool();
    await dropTenants(admin, [tenantId]);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query("CREATE USER ?@'%' IDENTIFIED BY 'inventory-test'", [database]);
  });
  afterAll(async () => {
    await dropTenants(admin, [tenantId]);
    await admin.end();
  });
  beforeEach(() => {
    tagging.reset();
    efs.reset();
    secrets.reset();
  });

  it("lists tagged access points, storage's own secrets, and the databases and users on the server", async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: AP_ARN, Tags: tags(tenantId) },
        { ResourceARN: secretArn(`bbws/${tenantId}/sit/db`), Tags: tags(tenantId) },
        // Identity's secret of the same tenant: tagged alike, not storage's.
        { ResourceARN: secretArn(`bbws/${tenantId}/sit/sso-client`), Tags: tags(tenantId) },
      ],
      PaginationToken: "",
    });

    const listed = await inventory().list();

    expect(inputsOf(tagging.commandCalls(GetResourcesCommand))).toEqual([
      {
        TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
        ResourceTypeFilters: ["elasticfilesystem:access-point", "secretsmanager:secret"],
        ResourcesPerPage: 100,
      },
    ]);
    const tagged = { instanceId: INSTANCE_ID };
    expect(listed.filter((resource) => resource.tenantId === tenantId)).toEqual([
      owned("access-point", AP_ARN, tagged),
      // Without the tag's instance: a later instance of the tenant adopts the secret by name.
      owned("secret", secretArn(`bbws/${tenantId}/sit/db`)),
      owned("database", database),
      owned("database-user", `${database}@%`),
    ]);
  });

  it("deletes the access point and the secret with exact inputs; gone deletes nothing", async () => {
    efs.on(DeleteAccessPointCommand).resolves({});
    secrets.on(DeleteSecretCommand).resolves({});
    const secret = secretArn(`bbws/${tenantId}/sit/db`);

    expect(await inventory().remove(owned("access-point", AP_ARN))).toEqual([
      "access-point:fsap-0123456789abcdef0",
    ]);
    expect(await inventory().remove(owned("secret", secret))).toEqual([`secret:bbws/${tenantId}/sit/db`]);
    expect(inputsOf(efs.commandCalls(DeleteAccessPointCommand))).toEqual([
      { AccessPointId: "fsap-0123456789abcdef0" },
    ]);
    expect(inputsOf(secrets.commandCalls(DeleteSecretCommand))).toEqual([
      { SecretId: secret, ForceDeleteWithoutRecovery: true },
    ]);

    efs.reset();
    secrets.reset();
    efs.on(DeleteAccessPointCommand).rejects(awsError("AccessPointNotFound", { status: 404 }));
    secrets.on(DeleteSecretCommand).rejects(awsError("ResourceNotFoundException"));
    expect(await inventory().remove(owned("access-point", AP_ARN))).toEqual([]);
    expect(await inventory().remove(owned("secret", secret))).toEqual([]);
  });

  it("reports throttling after one call (the SDK client retries) as a retryable STORAGE error", async () => {
    efs.on(DeleteAccessPointCommand).rejects(awsError("ThrottlingException"));
    await expect(inventory().remove(owned("access-point", AP_ARN))).rejects.toMatchObject({
      code: "STORAGE.CLOUD_UNAVAILABLE",
      retryable: true,
    });
    expect(efs.commandCalls(DeleteAccessPointCommand)).toHaveLength(1);
  });

  it("drops the user, then the database, on the real server; a repeat drops nothing", async () => {
    expect(await inventory().remove(owned("database-user", `${database}@%`))).toEqual([`user:${database}@%`]);
    expect(await inventory().remove(owned("database", database))).toEqual([`database:${database}`]);
    expect(await inventory().remove(owned("database-user", `${database}@%`))).toEqual([]);
    expect(await inventory().remove(owned("database", database))).toEqual([]);
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: "" });
    expect((await inventory().list()).filter((resource) => resource.tenantId === tenantId)).toEqual([]);
  });

  it("refuses what it never lists, before any call", async () => {
    const { pool, calls } = createSpyPool();
    const refused = [
      owned("content-dir", `/tenants/${tenantId}`),
      owned("access-point", "fsap-0123456789abcdef0"),
      owned("secret", `bbws/${tenantId}/sit/db`),
      owned("database", "mysql"),
      owned("database-user", "root@%"),
    ];
    for (const resource of refused)
      await expect(inventory(pool as never).remove(resource)).rejects.toMatchObject({
        code: "STORAGE.INVALID_TENANT",
      });
    expect(calls).toEqual([]);
    expect(efs.calls()).toHaveLength(0);
    expect(secrets.calls()).toHaveLength(0);
  });
});
