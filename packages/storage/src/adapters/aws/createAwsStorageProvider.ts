import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { EFSClient } from "@aws-sdk/client-efs";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type Logger, type ResourceRecords, silentLogger } from "@bbws/mesh";
import type { StorageProvider } from "../../ports.ts";
import { composeStorageProvider } from "../composeStorageProvider.ts";
import type { UidRange } from "../local/localUidAllocator.ts";
import { newDatabasePassword } from "../newDatabasePassword.ts";
import { createSqlTenantDatabase } from "../sql/createSqlTenantDatabase.ts";
import type { SqlPool } from "../sql/sqlPool.ts";
import { createAwsCall } from "./awsCalls.ts";
import { createDynamoUidAllocator } from "./dynamoUidAllocator.ts";
import { createEfsContentArea } from "./efsContentArea.ts";
import { createS3ArchiveStore } from "./s3ArchiveStore.ts";
import { createSecretsManagerCredentialStore } from "./secretsManagerCredentialStore.ts";

export interface AwsStorageProviderOptions {
  readonly efs: EFSClient;
  readonly secretsManager: SecretsManagerClient;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  /** An admin pool on RDS, built by the Lambda's composition root from the master secret; small (1-2). */
  readonly pool: SqlPool;
  /** The RDS endpoint WordPress connects to (outputs and secret). */
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly fileSystemId: string;
  /** Where the storage Lambda mounts the whole EFS file system, e.g. `/mnt/efs`. */
  readonly efsMountPath: string;
  /** Default true: refuse to archive or delete unless `efsMountPath` is a mount point. */
  readonly requireEfsMountPoint?: boolean;
  /** A table keyed by `key` (string) for uid claims; the resource records table fits. */
  readonly uidTable: string;
  readonly uidRange: UidRange;
  readonly archiveBucket: string;
  /** Default none: `{tenantId}/{instanceId}-{timestamp}.tar.gz` at the bucket's root. */
  readonly archivePrefix?: string;
  /** Default `bbws/`. */
  readonly secretPrefix?: string;
  readonly secretKmsKeyId?: string;
  /** Scratch space for building archives; Lambda: `/tmp/storage` (ephemeral storage sized to the largest tenant). */
  readonly stagingDir: string;
  readonly records: ResourceRecords;
  /** Hosts the tenant's account may connect from; default `%` (RDS is reached only inside the VPC). */
  readonly userHosts?: readonly string[];
  /** Injected in tests: the wait for a new access point to become available. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

/** The StorageProvider on AWS: EFS access point, RDS database and user, Secrets Manager, S3 archive. */
export function createAwsStorageProvider(options: AwsStorageProviderOptions): StorageProvider {
  const call = createAwsCall();
  return composeStorageProvider({
    uids: createDynamoUidAllocator({
      client: options.dynamo,
      tableName: options.uidTable,
      range: options.uidRange,
      call,
    }),
    content: createEfsContentArea({
      client: options.efs,
      call,
      fileSystemId: options.fileSystemId,
      mountPath: options.efsMountPath,
      requireMountPoint: options.requireEfsMountPoint ?? true,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    }),
    credentials: createSecretsManagerCredentialStore({
      client: options.secretsManager,
      call,
      prefix: options.secretPrefix ?? "bbws/",
      ...(options.secretKmsKeyId ? { kmsKeyId: options.secretKmsKeyId } : {}),
    }),
    database: createSqlTenantDatabase({ pool: options.pool, userHosts: options.userHosts ?? ["%"] }),
    archives: createS3ArchiveStore({
      client: options.s3,
      call,
      bucket: options.archiveBucket,
      prefix: options.archivePrefix ?? "",
    }),
    records: options.records,
    databaseHost: options.databaseHost,
    databasePort: options.databasePort,
    stagingDir: options.stagingDir,
    clock: options.clock ?? (() => new Date()),
    newPassword: newDatabasePassword,
    logger: options.logger ?? silentLogger,
  });
}
