import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { STSClient } from "@aws-sdk/client-sts";
import { createEcsServiceHealthProbe, createEcsServiceTaskCounts } from "@bbws/compute";
import { type HealthProbe, WordPressSchema } from "@bbws/contracts";
import { createDynamoLedgerStore, createLedgerService } from "@bbws/ledger";
import {
  type AccountClients,
  AccountsMapSchema,
  AWS_SDK_RETRY_SETTINGS,
  createAccountClients,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import { createElbTargetHealthProbe, createHttpSiteHealthProbe } from "@bbws/routing";
import { z } from "zod";

/**
 * The composition root shared by the ECS events consumer and the health sweep (and the API's live
 * check probes): they join the ledger with compute's and routing's AWS adapters, which no package
 * may do (boundary rule), hence here. The only code that reads these functions' configuration.
 */
const HealthConfigSchema = z.object({
  BBWS_ACCOUNTS: jsonEnv(AccountsMapSchema),
  BBWS_LEDGER_TABLE: z.string().min(1),
  BBWS_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { error: "must be a DNS name like example.com" }),
  BBWS_WORDPRESS: jsonEnv(WordPressSchema),
  /** The served environment's cluster: ECS events of any other are ignored; its name is the probes'. */
  BBWS_ECS_CLUSTER_ARN: z.string().regex(/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]+$/, {
    error: "must be an ECS cluster ARN (arn:aws:ecs:{region}:{account}:cluster/{name})",
  }),
});
export type HealthLambdaConfig = z.infer<typeof HealthConfigSchema>;

export function loadHealthConfig(env: Readonly<Record<string, string | undefined>>): HealthLambdaConfig {
  return loadLambdaConfig("health", HealthConfigSchema, env);
}

export function clusterNameOf(clusterArn: string): string {
  return clusterArn.slice(clusterArn.indexOf(":cluster/") + ":cluster/".length);
}

/** The live check's parts on AWS: the ECS service, the target group's targets, the site's answer. */
export function createAwsHealthProbes(accounts: AccountClients, cluster: string): HealthProbe[] {
  return [
    createEcsServiceHealthProbe({
      ecsFor: (environment) => accounts.client(environment, (settings) => new ECSClient(settings), "ecs"),
      cluster,
    }),
    createElbTargetHealthProbe({
      elbFor: (environment) =>
        accounts.client(environment, (settings) => new ElasticLoadBalancingV2Client(settings), "elbv2"),
    }),
    createHttpSiteHealthProbe(),
  ];
}

/** The ledger (its event path on the DynamoDB table) and the environments' accounts. */
export function createHealthLambdaDeps(
  config: HealthLambdaConfig,
  logger: Logger,
  clients: { dynamo?: DynamoDBClient; sts?: STSClient } = {},
) {
  const dynamo = clients.dynamo ?? new DynamoDBClient({ ...AWS_SDK_RETRY_SETTINGS });
  const store = createDynamoLedgerStore({ client: dynamo, tableName: config.BBWS_LEDGER_TABLE });
  const service = createLedgerService({
    store,
    logger,
    specDefaults: { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN },
  });
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: clients.sts ?? new STSClient({ ...AWS_SDK_RETRY_SETTINGS }),
    sessionName: "bbws-health",
  });
  const cluster = clusterNameOf(config.BBWS_ECS_CLUSTER_ARN);
  return {
    store,
    handleEvent: (event: Parameters<typeof service.handleEvent>[0]) => service.handleEvent(event),
    probes: createAwsHealthProbes(accounts, cluster),
    taskCounts: createEcsServiceTaskCounts({
      ecsFor: (environment) => accounts.client(environment, (settings) => new ECSClient(settings), "ecs"),
      cluster,
    }),
  };
}
