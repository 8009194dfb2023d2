import { EFSClient } from "@aws-sdk/client-efs";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { STSClient } from "@aws-sdk/client-sts";
import { EnvironmentSchema } from "@bbws/contracts";
import {
  AccountsMapSchema,
  awsSdkRetrySettings,
  createAccountClients,
  jsonEnv,
  loadLambdaConfig,
} from "@bbws/mesh";
import { z } from "zod";
import { createAwsStorageDriftCheck } from "../adapters/aws/createAwsStorageDriftCheck.ts";
import { createSqlStorageDriftCheck } from "../adapters/sql/createSqlStorageDriftCheck.ts";
import { createStorageDriftHandler } from "./createStorageDriftHandler.ts";
import { createRdsAdminPool } from "./rdsAdminPool.ts";

/**
 * The storage drift Lambda's composition root (infra `storageDrift`): the only code that reads
 * its configuration. It runs in the storage function's VPC and security groups, so it reaches
 * RDS as the storage function does, with the same admin pool (the master secret, read with the
 * environment's role) but one connection: it only reads the catalog.
 */
const StorageDriftConfigSchema = z.object({
  BBWS_ENVIRONMENT: EnvironmentSchema,
  BBWS_ACCOUNTS: jsonEnv(AccountsMapSchema),
  BBWS_RDS_ENDPOINT: z.string().min(1),
  BBWS_RDS_PORT: z.coerce.number().int().min(1).max(65535),
  BBWS_RDS_MASTER_SECRET_ARN: z.string().startsWith("arn:"),
});
export type StorageDriftLambdaConfig = z.infer<typeof StorageDriftConfigSchema>;

export function loadStorageDriftConfig(
  env: Readonly<Record<string, string | undefined>>,
): StorageDriftLambdaConfig {
  return loadLambdaConfig("storage drift", StorageDriftConfigSchema, env);
}

export function createStorageDriftLambdaHandler(
  config: StorageDriftLambdaConfig,
  clients: { sts?: STSClient } = {},
) {
  const served = config.BBWS_ENVIRONMENT;
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: clients.sts ?? new STSClient({ ...awsSdkRetrySettings() }),
    sessionName: "bbws-storage-drift",
  });
  const secretsManager = accounts.client(served, (settings) => new SecretsManagerClient(settings), "secrets");
  const efs = accounts.client(served, (settings) => new EFSClient(settings), "efs");
  const pool = createRdsAdminPool({
    secretsManager,
    masterSecretArn: config.BBWS_RDS_MASTER_SECRET_ARN,
    host: config.BBWS_RDS_ENDPOINT,
    port: config.BBWS_RDS_PORT,
    connectionLimit: 1,
  });
  return createStorageDriftHandler({
    served,
    checks: [
      createSqlStorageDriftCheck(pool),
      createAwsStorageDriftCheck({ efsFor: () => efs, secretsFor: () => secretsManager }),
    ],
  });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function storageDriftHandlerFromEnvironment() {
  return createStorageDriftLambdaHandler(loadStorageDriftConfig(process.env));
}
