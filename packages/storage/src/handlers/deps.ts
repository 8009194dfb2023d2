import { EFSClient } from "@aws-sdk/client-efs";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { InstanceRef } from "@bbws/contracts";
import {
  awsSdkRetrySettings,
  createServiceLambdaBase,
  type Logger,
  loadLambdaConfig,
  ServiceLambdaConfigSchema,
  type SqsEventHandler,
} from "@bbws/mesh";
import { z } from "zod";
import { createAwsStorageProvider } from "../adapters/aws/createAwsStorageProvider.ts";
import { StorageError } from "../domain/errors.ts";
import type { StorageProvider } from "../ports.ts";
import { createStorageSqsHandler } from "./createStorageSqsHandler.ts";
import { openRdsAdminPool } from "./rdsAdminPool.ts";

/**
 * The storage Lambda's composition root: the only code that reads its configuration
 * (environment variables set by sst.config.ts, see infra/functions.ts).
 */
const StorageConfigSchema = ServiceLambdaConfigSchema.extend({
  BBWS_EFS_FILE_SYSTEM_ID: z.string().startsWith("fs-"),
  BBWS_EFS_MOUNT_PATH: z.string().startsWith("/mnt/"),
  BBWS_RDS_ENDPOINT: z.string().min(1),
  BBWS_RDS_PORT: z.coerce.number().int().min(1).max(65535),
  BBWS_RDS_MASTER_SECRET_ARN: z.string().startsWith("arn:"),
  BBWS_ARCHIVE_BUCKET: z.string().min(1),
});
export type StorageLambdaConfig = z.infer<typeof StorageConfigSchema>;

export function loadStorageConfig(env: Readonly<Record<string, string | undefined>>): StorageLambdaConfig {
  return loadLambdaConfig("storage", StorageConfigSchema, env);
}

/** One uid per tenant content directory: 10,000 ids, EFS's access points per file system. */
export const UID_RANGE = { first: 20_000, last: 29_999 };

/**
 * The file system, RDS and their network are the served environment's (BBWS_ENVIRONMENT):
 * the function joins a VPC that reaches them and mounts the file system at
 * BBWS_EFS_MOUNT_PATH. EFS and Secrets Manager calls assume that environment's role; the
 * admin pool is built on first use from the master secret (read with that role) and kept
 * for the container's life. Records, uid claims and archives stay in the deployment's
 * account.
 */
export function createStorageLambdaHandler(config: StorageLambdaConfig, logger?: Logger): SqsEventHandler {
  const base = createServiceLambdaBase("storage", config, logger);
  const { accounts, dynamo } = base;
  const served = config.BBWS_ENVIRONMENT;
  const secretsManager = () =>
    accounts.client(served, (settings) => new SecretsManagerClient(settings), "secrets");
  let building: Promise<StorageProvider> | undefined;

  async function build(): Promise<StorageProvider> {
    const pool = await openRdsAdminPool({
      secretsManager: secretsManager(),
      masterSecretArn: config.BBWS_RDS_MASTER_SECRET_ARN,
      host: config.BBWS_RDS_ENDPOINT,
      port: config.BBWS_RDS_PORT,
    });
    return createAwsStorageProvider({
      efs: accounts.client(served, (settings) => new EFSClient(settings), "efs"),
      secretsManager: secretsManager(),
      s3: new S3Client({ ...awsSdkRetrySettings() }),
      dynamo,
      pool,
      databaseHost: config.BBWS_RDS_ENDPOINT,
      databasePort: config.BBWS_RDS_PORT,
      fileSystemId: config.BBWS_EFS_FILE_SYSTEM_ID,
      efsMountPath: config.BBWS_EFS_MOUNT_PATH,
      uidTable: config.BBWS_RECORDS_TABLE,
      uidRange: UID_RANGE,
      archiveBucket: config.BBWS_ARCHIVE_BUCKET,
      stagingDir: "/tmp/storage",
      records: base.records,
      logger: base.logger,
    });
  }

  async function providerFor(instance: InstanceRef): Promise<StorageProvider> {
    if (instance.environment !== served)
      throw new StorageError(
        "STORAGE.CLOUD_FAILED",
        `this deployment stores ${served} only; ${instance.environment} has its own stage`,
        { retryable: false },
      );
    // A failed build (secret unreadable, say) is not kept: the redelivery tries again.
    building ??= build().catch((error: unknown) => {
      building = undefined;
      throw error;
    });
    return building;
  }

  return createStorageSqsHandler({ provider: deferredProvider(providerFor), ...base.handlerDeps });
}

/** Every step of the port, once: the compiler says when one is missing. */
const STEPS: Record<keyof StorageProvider, true> = {
  claimTenant: true,
  allocateUid: true,
  ensureContentArea: true,
  ensureCredentials: true,
  ensureDatabase: true,
  completeStorage: true,
  archiveData: true,
  releaseContent: true,
  dropDatabase: true,
  removeCredentials: true,
  releaseUid: true,
  forgetStorage: true,
  storeBackup: true,
  verifyBackup: true,
  restoreData: true,
  createPendingCredentials: true,
  setPendingPassword: true,
  testPendingCredentials: true,
  promotePendingCredentials: true,
  restorePreviousCredentials: true,
  revokePreviousCredentials: true,
};

/** Every step waits for the provider (built on first use) and checks the instance's environment. */
function deferredProvider(providerFor: (instance: InstanceRef) => Promise<StorageProvider>): StorageProvider {
  const entries = (Object.keys(STEPS) as (keyof StorageProvider)[]).map((name) => [
    name,
    async (instance: InstanceRef, ...rest: unknown[]) => {
      const provider = await providerFor(instance);
      return (provider[name] as (...args: unknown[]) => Promise<unknown>)(instance, ...rest);
    },
  ]);
  return Object.fromEntries(entries) as unknown as StorageProvider;
}

/** Reads process.env: call it from the Lambda entry point only. */
export function storageHandlerFromEnvironment(): SqsEventHandler {
  return createStorageLambdaHandler(loadStorageConfig(process.env));
}
