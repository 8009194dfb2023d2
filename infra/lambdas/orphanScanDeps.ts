import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EFSClient } from "@aws-sdk/client-efs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { Route53Client } from "@aws-sdk/client-route-53";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createAwsComputeInventory } from "@bbws/compute";
import type { CleanupRecords } from "@bbws/contracts";
import {
  CognitoWritesEnvSchema,
  createAwsIdentityInventory,
  createCognitoWriteLimiters,
} from "@bbws/identity";
import {
  createDynamoCleanupRecords,
  createDynamoLedgerStore,
  createOrphanScanner,
  type OrphanScanner,
} from "@bbws/ledger";
import {
  type AccountClientSettings,
  createServiceLambdaBase,
  type Logger,
  loadLambdaConfig,
  ServiceLambdaConfigSchema,
} from "@bbws/mesh";
import { createAwsRoutingInventory, createPooledRuleSlots, HostedZoneEnvSchema } from "@bbws/routing";
import { AWS_UID_RANGE, createAwsStorageInventory, createRdsAdminPool } from "@bbws/storage";
import { z } from "zod";

/**
 * The orphan scan Lambda's composition root (HLD §5.4). It lives outside packages/ because it
 * joins every service's inventory with the ledger. It serves one environment (BBWS_ENVIRONMENT):
 * every listing and deletion runs with that environment's role, and the databases are read
 * over the VPC from its RDS, as the storage Lambda does.
 */
const OrphanScanConfigSchema = ServiceLambdaConfigSchema.extend({
  BBWS_LEDGER_TABLE: z.string().min(1),
  BBWS_SLOT_TABLE: z.string().min(1),
  BBWS_HOSTED_ZONE_ID: HostedZoneEnvSchema,
  BBWS_RDS_ENDPOINT: z.string().min(1),
  BBWS_RDS_PORT: z.coerce.number().int().min(1).max(65535),
  BBWS_RDS_MASTER_SECRET_ARN: z.string().startsWith("arn:"),
  /** Its share of Cognito's writes per account (deleting orphan pools), see infra/functions.ts. */
  BBWS_COGNITO_WRITES_PER_SECOND: CognitoWritesEnvSchema,
});
export type OrphanScanLambdaConfig = z.infer<typeof OrphanScanConfigSchema>;

export function loadOrphanScanConfig(
  env: Readonly<Record<string, string | undefined>>,
): OrphanScanLambdaConfig {
  return loadLambdaConfig("orphan scan", OrphanScanConfigSchema, env);
}

/** The scanner, and where an asynchronous cleanup records how it ended (the ledger table). */
export function createOrphanScanLambdaDeps(
  config: OrphanScanLambdaConfig,
  logger?: Logger,
): { scanner: OrphanScanner; cleanups: CleanupRecords } {
  const base = createServiceLambdaBase("orphan-scan", config, logger);
  return {
    scanner: createScanner(config, base),
    cleanups: createDynamoCleanupRecords({ client: base.dynamo, tableName: config.BBWS_LEDGER_TABLE }),
  };
}

function createScanner(config: OrphanScanLambdaConfig, base: ReturnType<typeof createServiceLambdaBase>) {
  const served = config.BBWS_ENVIRONMENT;
  const servedAccount = config.BBWS_ACCOUNTS[served];
  if (!servedAccount) throw new Error(`orphan scan: BBWS_ACCOUNTS has no entry for ${served}`);
  const client = <T>(make: (settings: AccountClientSettings) => T, name: string) =>
    base.accounts.client(served, make, name);
  const tagging = client((settings) => new ResourceGroupsTaggingAPIClient(settings), "tagging");
  const secretsManager = client((settings) => new SecretsManagerClient(settings), "secrets");
  return createOrphanScanner({
    inventories: [
      createAwsIdentityInventory({
        tagging,
        cognito: client((settings) => new CognitoIdentityProviderClient(settings), "cognito"),
        secretsManager,
        limiter: createCognitoWriteLimiters({ ratePerSecond: config.BBWS_COGNITO_WRITES_PER_SECOND })(
          servedAccount,
        ),
        logger: base.logger,
      }),
      createAwsStorageInventory({
        tagging,
        efs: client((settings) => new EFSClient(settings), "efs"),
        secretsManager,
        pool: createRdsAdminPool({
          secretsManager,
          masterSecretArn: config.BBWS_RDS_MASTER_SECRET_ARN,
          host: config.BBWS_RDS_ENDPOINT,
          port: config.BBWS_RDS_PORT,
        }),
        environment: served,
        bookkeeping: {
          records: base.records,
          dynamo: base.dynamo,
          uidTable: config.BBWS_RECORDS_TABLE,
          uidRange: AWS_UID_RANGE,
        },
        logger: base.logger,
      }),
      createAwsRoutingInventory({
        tagging,
        elb: client((settings) => new ElasticLoadBalancingV2Client(settings), "elb"),
        records: base.records,
        // Removing an orphan rule frees its slot; with a hosted zone, alias records are listed too.
        slots: createPooledRuleSlots({
          client: base.dynamo,
          tableName: config.BBWS_SLOT_TABLE,
          clock: () => new Date(),
        }),
        ...(config.BBWS_HOSTED_ZONE_ID
          ? {
              dns: {
                route53: client((settings) => new Route53Client(settings), "route53"),
                hostedZoneId: config.BBWS_HOSTED_ZONE_ID,
              },
            }
          : {}),
        logger: base.logger,
      }),
      createAwsComputeInventory({
        tagging,
        ecs: client((settings) => new ECSClient(settings), "ecs"),
        iam: client((settings) => new IAMClient(settings), "iam"),
        records: base.records,
        logger: base.logger,
      }),
    ],
    store: createDynamoLedgerStore({ client: base.dynamo, tableName: config.BBWS_LEDGER_TABLE }),
    publisher: base.handlerDeps.publisher,
    clock: () => new Date(),
    newId: base.handlerDeps.newId,
    logger: base.logger,
    environment: served,
  });
}
