import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { STSClient } from "@aws-sdk/client-sts";
import {
  createEcsServiceDriftCheck,
  createEcsServiceHealthProbe,
  createEcsServiceTaskCounts,
  createTenantServiceDescriber,
} from "@bbws/compute";
import { type Environment, type HealthProbe, WordPressSchema } from "@bbws/contracts";
import { createCognitoIdentityDriftCheck } from "@bbws/identity";
import { createDynamoLedgerStore, createLedgerService } from "@bbws/ledger";
import {
  type AccountClients,
  AccountsMapSchema,
  awsSdkRetrySettings,
  createAccountClients,
  createResourceDriftProbe,
  DYNAMODB_RETRY_SETTINGS,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import {
  createElbRoutingDriftCheck,
  createElbTargetHealthProbe,
  createHttpSiteHealthProbe,
} from "@bbws/routing";
import { createLambdaStorageDriftCheck } from "@bbws/storage";
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

/** A Lambda function name (what Invoke's FunctionName takes; ours are `bbws-{stage}-{id}`). */
export const FunctionNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
  error: "must be a Lambda function name (letters, digits, - and _, at most 64)",
});

/** The sweep also runs the live check, whose drift part invokes the storage drift function. */
const HealthSweepConfigSchema = HealthConfigSchema.extend({
  /** The storage drift function in the VPC (infra/health.ts): the database and its user. */
  BBWS_STORAGE_DRIFT_FUNCTION: FunctionNameSchema,
});
export type HealthSweepLambdaConfig = z.infer<typeof HealthSweepConfigSchema>;

export function loadHealthSweepConfig(
  env: Readonly<Record<string, string | undefined>>,
): HealthSweepLambdaConfig {
  return loadLambdaConfig("health sweep", HealthSweepConfigSchema, env);
}

/** Where the drift part asks for storage: the storage drift function, in the deploying account. */
export interface StorageDriftFunction {
  readonly lambda: LambdaClient;
  readonly functionName: string;
}

export function clusterNameOf(clusterArn: string): string {
  return clusterArn.slice(clusterArn.indexOf(":cluster/") + ":cluster/".length);
}

/**
 * The live check's parts on AWS: the ECS service, the target group's targets, the site's answer,
 * and drift: describe calls of every resource the ledger recorded, in the environment's account
 * (the service's from the `service` part's own DescribeServices, the task role by GetRole), and
 * storage's through the storage drift function, which runs in the VPC: the database and its user
 * on RDS, the access point and the credentials secret.
 */
export function createAwsHealthProbes(
  accounts: AccountClients,
  cluster: string,
  storageDrift: StorageDriftFunction,
): HealthProbe[] {
  const ecsFor = (environment: Environment) =>
    accounts.client(environment, (settings) => new ECSClient(settings), "ecs");
  const elbFor = (environment: Environment) =>
    accounts.client(environment, (settings) => new ElasticLoadBalancingV2Client(settings), "elbv2");
  const describe = createTenantServiceDescriber({ ecsFor, cluster });
  return [
    createEcsServiceHealthProbe({ ecsFor, cluster, describe }),
    createElbTargetHealthProbe({ elbFor }),
    createHttpSiteHealthProbe(),
    createResourceDriftProbe([
      createEcsServiceDriftCheck({
        describe,
        iamFor: (environment) => accounts.client(environment, (settings) => new IAMClient(settings), "iam"),
      }),
      createElbRoutingDriftCheck({ elbFor }),
      createLambdaStorageDriftCheck(storageDrift),
      createCognitoIdentityDriftCheck({
        cognitoFor: (environment) =>
          accounts.client(environment, (settings) => new CognitoIdentityProviderClient(settings), "cognito"),
      }),
    ]),
  ];
}

/** The ledger (its event path on the DynamoDB table) and the environments' accounts. */
export function createHealthLambdaDeps(
  config: HealthLambdaConfig,
  logger: Logger,
  clients: { dynamo?: DynamoDBClient; sts?: STSClient; lambda?: LambdaClient } = {},
) {
  const dynamo = clients.dynamo ?? new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS });
  const store = createDynamoLedgerStore({ client: dynamo, tableName: config.BBWS_LEDGER_TABLE });
  const service = createLedgerService({
    store,
    logger,
    specDefaults: { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN },
  });
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: clients.sts ?? new STSClient({ ...awsSdkRetrySettings() }),
    sessionName: "bbws-health",
  });
  const cluster = clusterNameOf(config.BBWS_ECS_CLUSTER_ARN);
  return {
    store,
    handleEvent: (event: Parameters<typeof service.handleEvent>[0]) => service.handleEvent(event),
    /** The live check's probes (the sweep's): they need the storage drift function's name. */
    probesWith: (functionName: string) =>
      createAwsHealthProbes(accounts, cluster, {
        lambda: clients.lambda ?? new LambdaClient({ ...awsSdkRetrySettings() }),
        functionName,
      }),
    taskCounts: createEcsServiceTaskCounts({
      ecsFor: (environment) => accounts.client(environment, (settings) => new ECSClient(settings), "ecs"),
      cluster,
    }),
  };
}
