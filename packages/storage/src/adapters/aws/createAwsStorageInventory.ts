import { DeleteAccessPointCommand, type EFSClient } from "@aws-sdk/client-efs";
import { DeleteSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Environment, OwnedResource, ResourceInventory } from "@bbws/contracts";
import {
  type Logger,
  listTaggedResources,
  ownedResourcesOf,
  secretNameOf,
  silentLogger,
  type TaggingClient,
} from "@bbws/mesh";
import { StorageError } from "../../domain/errors.ts";
import type { SqlPool } from "../sql/sqlPool.ts";
import { listTenantSchemas, removeTenantSchema } from "../sql/tenantSchemaInventory.ts";
import { createAwsCall, errorName } from "./awsCalls.ts";
import {
  listStorageRecords,
  removeStorageRecord,
  STORAGE_RECORD_LISTED_KIND,
  type StorageBookkeeping,
} from "./storageRecordInventory.ts";

export const AWS_ACCESS_POINT_KIND = "access-point";
export const AWS_SECRET_KIND = "secret";

export interface AwsStorageInventoryOptions {
  readonly tagging: TaggingClient;
  readonly efs: EFSClient;
  readonly secretsManager: SecretsManagerClient;
  /** An admin pool on RDS (the master user): it reads `information_schema` and `mysql.user`. */
  readonly pool: SqlPool;
  /**
   * The environment of this account: database names carry none (`wp_{tenantId}`), and each
   * environment is its own account, so the scan attributes databases and users to it.
   */
  readonly environment: Environment;
  /**
   * Storage's resource records and uid claims (the deployment's tables): a tenant record left by a
   * crash still refuses the tenant's next instance (`STORAGE.TENANT_IN_USE`), so it is listed
   * (`storage-record`, removed last, with its uid claim). Without them records are not listed.
   */
  readonly bookkeeping?: StorageBookkeeping;
  /** The provider's `secretPrefix`; default `bbws/`. */
  readonly secretPrefix?: string;
  readonly logger?: Logger;
}

const KINDS = {
  "elasticfilesystem:access-point": AWS_ACCESS_POINT_KIND,
  "secretsmanager:secret": AWS_SECRET_KIND,
};

/**
 * The orphan scan's view of storage on AWS: the tenants' EFS access points and database
 * credential secrets (by tag, through the Resource Groups Tagging API), and the databases
 * and users `wp_{tenantId}` on RDS (by SQL: they carry no tags). S3 archives are kept on
 * purpose and are never listed. A secret is storage's only when its name is the one the
 * provider gives it for the tagged tenant and environment (`{prefix}{tenantId}/{env}/db`);
 * it is listed without an instance (see below), as are databases and users.
 */
export function createAwsStorageInventory(options: AwsStorageInventoryOptions): ResourceInventory {
  const { efs, secretsManager, pool, environment } = options;
  const prefix = options.secretPrefix ?? "bbws/";
  const logger = options.logger ?? silentLogger;
  const call = createAwsCall();

  const isOwnSecret = (resource: OwnedResource) =>
    resource.kind !== AWS_SECRET_KIND ||
    secretNameOf(resource.id) === `${prefix}${resource.tenantId}/${resource.environment}/db`;

  async function tagged(): Promise<OwnedResource[]> {
    const items = await call("list tagged storage resources", () =>
      listTaggedResources({ client: options.tagging, resourceTypes: Object.keys(KINDS) }),
    );
    return ownedResourcesOf(items, { service: "storage", kinds: KINDS, logger })
      .filter(isOwnSecret)
      .map(({ instanceId, ...resource }) =>
        // The provider adopts an existing secret of its name, tags and all: the tags may name an
        // earlier instance. The name is per tenant and environment, so the scan attributes it so.
        resource.kind === AWS_SECRET_KIND ? resource : { ...resource, ...(instanceId ? { instanceId } : {}) },
      );
  }

  /** Deleting the access point leaves the files under `/tenants/{tenantId}` on EFS. */
  async function removeAccessPoint(arn: string): Promise<string[]> {
    const accessPointId = accessPointIdOf(arn);
    const deleted = await call("delete access point", () =>
      efs.send(new DeleteAccessPointCommand({ AccessPointId: accessPointId })).then(
        () => true,
        (error: unknown) => (errorName(error) === "AccessPointNotFound" ? false : Promise.reject(error)),
      ),
    );
    return deleted ? [`access-point:${accessPointId}`] : [];
  }

  async function removeSecret(arn: string): Promise<string[]> {
    const deleted = await call("delete db secret", () =>
      secretsManager
        // By ARN, not name: a newer secret of the same name (a new instance) is never touched.
        .send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }))
        .then(
          () => true,
          (error: unknown) =>
            errorName(error) === "ResourceNotFoundException" ? false : Promise.reject(error),
        ),
    );
    return deleted ? [`secret:${secretNameOf(arn) ?? arn}`] : [];
  }

  return {
    service: "storage",
    async list() {
      const schemas = (await listTenantSchemas(pool)).map((found) => ({
        service: "storage" as const,
        ...found,
        environment,
      }));
      const records = options.bookkeeping ? await listStorageRecords(options.bookkeeping, environment) : [];
      return [...(await tagged()), ...schemas, ...records];
    },
    async remove(resource) {
      const dropped = removeTenantSchema(pool, resource);
      if (dropped) return dropped;
      switch (resource.kind) {
        case AWS_ACCESS_POINT_KIND:
          return removeAccessPoint(resource.id);
        case AWS_SECRET_KIND:
          if (!secretNameOf(resource.id)) throw notOurs(resource);
          return removeSecret(resource.id);
        case STORAGE_RECORD_LISTED_KIND:
          if (!options.bookkeeping) throw notOurs(resource);
          return removeStorageRecord(options.bookkeeping, resource, call);
        default:
          throw notOurs(resource);
      }
    },
  };
}

/** `arn:aws:elasticfilesystem:{region}:{account}:access-point/fsap-...` -> `fsap-...`. */
function accessPointIdOf(arn: string): string {
  const match = /^arn:[^:]+:elasticfilesystem:[^:]*:\d*:access-point\/(fsap-[0-9a-f]+)$/.exec(arn);
  if (!match?.[1])
    throw new StorageError("STORAGE.INVALID_TENANT", `not an access point ARN: ${JSON.stringify(arn)}`, {
      retryable: false,
    });
  return match[1];
}

function notOurs(resource: OwnedResource): StorageError {
  return new StorageError(
    "STORAGE.INVALID_TENANT",
    `not an AWS storage resource: ${resource.kind} ${JSON.stringify(resource.id)}`,
    { retryable: false },
  );
}
