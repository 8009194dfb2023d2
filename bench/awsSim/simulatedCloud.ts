import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EFSClient } from "@aws-sdk/client-efs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { Route53Client } from "@aws-sdk/client-route-53";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createEcsComputeProvider, createFargateLaunchLimiter } from "@bbws/compute";
import {
  cognitoDomainSuffix,
  createCognitoIdentityProvider,
  createSecretsManagerSecretStore,
} from "@bbws/identity";
import {
  awsSdkRetrySettings,
  createMemoryResourceRecords,
  createRateLimiter,
  DYNAMODB_RETRY_SETTINGS,
  type ResourceRecords,
} from "@bbws/mesh";
import { createElbRoutingProvider } from "@bbws/routing";
import { AWS_UID_RANGE, createAwsStorageProvider } from "@bbws/storage";
import { FUNCTIONS, functionSpec } from "../../infra/functions.ts";
import type { Providers } from "../../runtime/createLocalMesh.ts";
import { seeded } from "../../tests/support/seeded.ts";
import { AWS_FIGURES as F } from "./awsFigures.ts";
import { cognitoApi } from "./cognitoSim.ts";
import { dynamoApi } from "./dynamoSim.ts";
import { ecsApi } from "./ecsSim.ts";
import { elbApi, route53Api, simulatedRuleSlots } from "./elbSim.ts";
import { iamApi, logsApi } from "./iamLogsSim.ts";
import { secretsApi } from "./secretsSim.ts";
import { type SimStats, simulate } from "./simulatedApi.ts";
import { efsApi, simulatedRds } from "./storageSims.ts";
import { sleep } from "./virtualTime.ts";

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const where = { region: REGION, credentials: { accessKeyId: "sim", secretAccessKey: "sim" } };
/** A client's settings as a Lambda builds them: its own retry strategy (and rate limiter) each. */
const settings = () => ({ ...awsSdkRetrySettings(), ...where });

/** The resource records (a DynamoDB table on AWS): in memory, each call taking DynamoDB's time. */
function recordsWithLatency(records: ResourceRecords): ResourceRecords {
  return new Proxy(records, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const ms = String(property).startsWith("put") ? F.dynamoWriteMs.value : F.dynamoReadMs.value;
      return async (...args: unknown[]) => {
        await sleep(ms);
        return value.apply(target, args);
      };
    },
  });
}

/**
 * The four services' real AWS adapters, each SDK client answered by a simulated service
 * (simulate()): Cognito + Secrets Manager for identity; EFS, Secrets Manager, DynamoDB (uids) and
 * RDS at the SQL port for storage; ELBv2 + Route 53 (and the ALB pool's rule slots) for routing;
 * ECS/Fargate, IAM, Logs and ELB target health for compute.
 */
export function createSimulatedCloud(options: {
  readonly albs: number;
  readonly seed: number;
  readonly stats: SimStats;
  /** Every Fargate task at the middle of its range (the floor's run). */
  readonly meanFargate?: boolean;
}) {
  const { stats } = options;
  const records = recordsWithLatency(createMemoryResourceRecords());
  const cognito = cognitoApi();
  const secrets = secretsApi();
  const efs = efsApi();
  const ecs = ecsApi(options.meanFargate ? () => 0.5 : seeded(options.seed));
  const iam = iamApi(FUNCTIONS.length);
  const pool = Array.from({ length: options.albs }, (_, index) => ({
    loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/bbws-${index}/${index}`,
    listenerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/bbws-${index}/${index}/443`,
  }));
  const elb = elbApi(
    pool.map((entry) => entry.loadBalancerArn),
    (arn) => ecs.targetStates(arn),
  );
  const elbClient = () => simulate(new ElasticLoadBalancingV2Client(settings()), elb.api, stats);
  const secretsClient = () => simulate(new SecretsManagerClient(settings()), secrets, stats);
  const identitySpec = functionSpec("identity");

  const identity = createCognitoIdentityProvider({
    client: simulate(new CognitoIdentityProviderClient(settings()), cognito.api, stats),
    secrets: createSecretsManagerSecretStore({ client: secretsClient() }),
    records,
    hostedDomain: { create: true, suffix: cognitoDomainSuffix(REGION) },
    // Every identity container's share at once: reservedConcurrency × BBWS_COGNITO_WRITES_PER_SECOND.
    limiter: createRateLimiter({
      ratePerSecond: (identitySpec.reservedConcurrency ?? 1) * (identitySpec.cognitoWritesPerSecond ?? 1),
      burst: identitySpec.reservedConcurrency ?? 1,
    }),
  });
  const storage = createAwsStorageProvider({
    efs: simulate(new EFSClient(settings()), efs.api, stats),
    secretsManager: secretsClient(),
    s3: new S3Client(settings()),
    dynamo: simulate(new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS, ...where }), dynamoApi(), stats),
    pool: simulatedRds(
      stats,
      F.rdsAdminConnections.value * (functionSpec("storage").reservedConcurrency ?? 5),
    ),
    databaseHost: "bbws.cluster-sim.eu-west-1.rds.amazonaws.com",
    databasePort: 3306,
    fileSystemId: "fs-0123456789abcdef0",
    efsMountPath: "/mnt/efs",
    requireEfsMountPoint: false,
    uidTable: "bbws-records",
    uidRange: AWS_UID_RANGE,
    archiveBucket: "bbws-archives",
    stagingDir: "/tmp/bbws-aws-sim",
    records,
  });
  const routing = createElbRoutingProvider({
    elb: elbClient(),
    dns: {
      route53: simulate(new Route53Client(settings()), route53Api(), stats),
      hostedZoneId: "Z0SIMULATED",
    },
    slots: simulatedRuleSlots(pool),
    records,
    vpcId: "vpc-0123456789abcdef0",
    clock: () => new Date(),
  });
  const compute = createEcsComputeProvider({
    ecs: simulate(new ECSClient(settings()), ecs.api, stats),
    elbv2: elbClient(),
    logs: simulate(new CloudWatchLogsClient(settings()), logsApi(), stats),
    iam: simulate(new IAMClient(settings()), iam.api, stats),
    config: {
      cluster: "bbws-dev",
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: ["sg-wordpress"],
      accountId: ACCOUNT,
      fileSystemId: "fs-0123456789abcdef0",
      region: REGION,
    },
    limiter: createFargateLaunchLimiter(),
    httpGet: async (url) => ({
      status: ecs.serving(`wp-${new URL(url).hostname.split(".")[0]}-dev`) ? 200 : 503,
    }),
    clock: () => new Date(),
  });
  const providers: Providers = { identity, storage, routing, compute };
  return { providers, cognito, efs, ecs, iam, elb, pool };
}
