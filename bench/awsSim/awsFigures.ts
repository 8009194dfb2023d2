import { DEFAULT_HEALTH_CHECK } from "@bbws/routing";

/**
 * Every AWS figure the simulation uses, with where it comes from: one table, one source of truth.
 * Rates are per account and region unless said; latencies are one call's service time plus the
 * network from a Lambda in the same region. "ASSUMED" marks a figure AWS does not publish.
 */
export interface AwsFigure {
  readonly value: number;
  /** A token bucket's burst, when the figure is a rate. */
  readonly burst?: number;
  readonly unit: string;
  readonly source: string;
}

const COGNITO =
  "Amazon Cognito Developer Guide, Quotas in Amazon Cognito (docs.aws.amazon.com/cognito/latest/developerguide/quotas.html)";
const ECS_THROTTLE =
  "Amazon ECS Developer Guide, Request throttling for the Amazon ECS API (request-throttling.html)";
const ELB_THROTTLE = "ELB User Guide, Request throttling for the ELB API (elb-api-throttling.html)";
const ALB_QUOTAS = "ALB User Guide, Quotas for your Application Load Balancers (load-balancer-limits.html)";

export const AWS_FIGURES = {
  cognitoWritesPerSecond: {
    value: 15,
    burst: 15,
    unit: "req/s",
    source: `${COGNITO}: user pool create/update/delete categories, as the repo budgets them (COGNITO_WRITES_PER_SECOND)`,
  },
  cognitoReadsPerSecond: {
    value: 20,
    burst: 20,
    unit: "req/s",
    source: `${COGNITO}: UserPoolRead / UserPoolClientRead categories (ListUserPools, Describe*); ASSUMED 20 where the category table was not checked`,
  },
  cognitoUserPoolsPerRegion: {
    value: 1_000,
    unit: "pools",
    source: `${COGNITO}: user pools per account per Region (adjustable)`,
  },
  cognitoLatencyMs: { value: 120, unit: "ms", source: "ASSUMED: a Cognito control-plane call" },
  fargateLaunchRate: {
    value: 20,
    burst: 100,
    unit: "tasks/s",
    source:
      "Amazon ECS service quotas: Fargate task launch rate, burst 100 then 20/s (issue 17; FARGATE_LAUNCH_RATE)",
  },
  fargateStartToHealthyMinS: {
    value: 60,
    unit: "s",
    source: "issue 17: a Fargate task takes 60–90 s to healthy (image pull, ENI, boot); ASSUMED uniform",
  },
  fargateStartToHealthyMaxS: { value: 90, unit: "s", source: "issue 17 (as above)" },
  fargateProvisioningS: {
    value: 10,
    unit: "s",
    source:
      "ASSUMED: a Fargate task is PROVISIONING (ENI attached) this long, then PENDING (image pull, pullStartedAt) until RUNNING; AWS publishes no figure (Amazon ECS Developer Guide, Task lifecycle, gives the states only)",
  },
  albFirstCheckS: {
    value: DEFAULT_HEALTH_CHECK.intervalSeconds,
    unit: "s",
    source:
      "ALB User Guide, Health checks for target groups: a newly registered target is 'initial' until it passes ONE health check; routing's DEFAULT_HEALTH_CHECK interval. ASSUMED: a service task is RUNNING (target registered, 'initial') one whole interval before it is healthy, inside its 60–90 s",
  },
  wordpressInstallS: {
    value: 15,
    unit: "s",
    source: "ASSUMED: the install task's wp core install once its container runs",
  },
  ecsReadsPerSecond: {
    value: 20,
    burst: 100,
    unit: "req/s",
    source: `${ECS_THROTTLE}: service/task read actions (DescribeServices, DescribeTasks); ASSUMED 100 burst, 20/s (the page's model is a token bucket per account and Region; its per-category figures were not confirmed)`,
  },
  ecsWritesPerSecond: {
    value: 5,
    burst: 50,
    unit: "req/s",
    source: `${ECS_THROTTLE}: service modify actions; ASSUMED 50 burst, 5/s`,
  },
  ecsLatencyMs: { value: 150, unit: "ms", source: "ASSUMED: an ECS control-plane call" },
  elbDescribePerSecond: {
    value: 10,
    burst: 40,
    unit: "req/s",
    source: `${ELB_THROTTLE}: non-mutating (Describe*) bucket 40, refill 10/s`,
  },
  elbMutatePerSecond: {
    value: 5,
    burst: 20,
    unit: "req/s",
    source: `${ELB_THROTTLE}: the other mutating actions (CreateRule, CreateTargetGroup, ...); ASSUMED 20 burst, 5/s`,
  },
  elbModifyPerSecond: {
    value: 3,
    burst: 20,
    unit: "req/s",
    source: `${ELB_THROTTLE}, Bucket capacity and refill rate: Modify* actions (ModifyTargetGroupAttributes, ModifyRule) bucket 20, refill 3/s, a bucket of their own (as the page gave it in March 2026, quoted by aws-load-balancer-controller's default client throttle, commit 965719e)`,
  },
  elbLatencyMs: { value: 200, unit: "ms", source: "ASSUMED: an ELBv2 control-plane call" },
  albRulesPerAlb: {
    value: 100,
    unit: "rules",
    source: `${ALB_QUOTAS}: rules per load balancer (excluding defaults)`,
  },
  targetGroupsPerRegion: {
    value: 3_000,
    unit: "target groups",
    source: `${ALB_QUOTAS}: target groups per Region`,
  },
  albsPerRegion: { value: 50, unit: "ALBs", source: `${ALB_QUOTAS}: Application Load Balancers per Region` },
  route53PerSecond: {
    value: 5,
    burst: 5,
    unit: "req/s",
    source: "Amazon Route 53 Developer Guide, Quotas: 5 requests per second per AWS account (Route 53 API)",
  },
  route53LatencyMs: { value: 300, unit: "ms", source: "ASSUMED: ChangeResourceRecordSets answers PENDING" },
  iamRolesPerAccount: {
    value: 1_000,
    unit: "roles",
    source: "IAM User Guide, IAM and AWS STS quotas: roles per account 1,000 (adjustable to 5,000)",
  },
  iamWritesPerSecond: {
    value: 10,
    burst: 20,
    unit: "req/s",
    source: "ASSUMED: IAM publishes no control-plane rate; CreateRole/PutRolePolicy ~10/s",
  },
  iamLatencyMs: { value: 250, unit: "ms", source: "ASSUMED: IAM is a global service (us-east-1)" },
  efsAccessPointsPerFileSystem: {
    value: 10_000,
    unit: "access points",
    source:
      "Amazon EFS User Guide, Quotas: access points per file system (1,000 before 2024; ASSUMED 10,000 now)",
  },
  efsPerSecond: {
    value: 10,
    burst: 20,
    unit: "req/s",
    source: "ASSUMED: EFS control-plane throttle (ThrottlingException 429)",
  },
  efsLatencyMs: { value: 150, unit: "ms", source: "ASSUMED" },
  efsAccessPointAvailableMs: {
    value: 1_000,
    unit: "ms",
    source: "ASSUMED: a new access point is 'creating' about a second",
  },
  secretsWritesPerSecond: {
    value: 50,
    burst: 50,
    unit: "req/s",
    source: "AWS Secrets Manager quotas: CreateSecret / PutSecretValue 50 req/s",
  },
  secretsReadsPerSecond: {
    value: 5_000,
    burst: 5_000,
    unit: "req/s",
    source: "AWS Secrets Manager quotas: GetSecretValue / DescribeSecret 10,000 combined",
  },
  secretsLatencyMs: { value: 60, unit: "ms", source: "ASSUMED" },
  logsPerSecond: {
    value: 5,
    burst: 5,
    unit: "req/s",
    source: "CloudWatch Logs quotas: CreateLogGroup 5 TPS",
  },
  logsLatencyMs: { value: 60, unit: "ms", source: "ASSUMED" },
  dynamoReadMs: { value: 5, unit: "ms", source: "DynamoDB: single-digit millisecond reads (ASSUMED 5)" },
  dynamoWriteMs: { value: 8, unit: "ms", source: "DynamoDB: single-digit millisecond writes (ASSUMED 8)" },
  dynamoTransactionMs: {
    value: 20,
    unit: "ms",
    source: "ASSUMED: TransactWriteItems ≈ 2 writes per item plus coordination",
  },
  rdsQueryMs: {
    value: 15,
    unit: "ms",
    source: "ASSUMED: DDL (CREATE DATABASE/USER, GRANT) on RDS MySQL in the VPC",
  },
  rdsAdminConnections: {
    value: 2,
    unit: "connections",
    source: "the storage Lambda's admin pool (rdsAdminPool.ts: 'small (1-2)')",
  },
  eventBridgePutEventsPerSecond: {
    value: 10_000,
    burst: 10_000,
    unit: "events/s",
    source: "Amazon EventBridge quotas: PutEvents 10,000/s (us-east-1, us-west-2, eu-west-1)",
  },
  eventBridgePutEventsMs: { value: 30, unit: "ms", source: "ASSUMED: PutEvents call" },
  eventDeliveryMs: { value: 500, unit: "ms", source: "ASSUMED: EventBridge rule → SQS target delivery" },
  sqsToLambdaMs: {
    value: 200,
    unit: "ms",
    source: "ASSUMED: Lambda's SQS poller (long polling) to invocation",
  },
  sqsCallMs: { value: 20, unit: "ms", source: "ASSUMED: one SQS API call (ChangeMessageVisibility)" },
  ledgerRelayMs: { value: 500, unit: "ms", source: "ASSUMED: DynamoDB Streams → outbox relay Lambda" },
  lambdaConcurrency: {
    value: 1_000,
    unit: "invocations",
    source:
      "AWS Lambda quotas: concurrent executions 1,000 per Region (consumers are capped below by infra/consumerBudgets.ts)",
  },
  sqsVisibilityFactor: {
    value: 6,
    unit: "× timeout",
    source: "repo: VISIBILITY_TIMEOUT_FACTOR (infra/functions.ts); a failed record comes back after it",
  },
} as const satisfies Record<string, AwsFigure>;

export type AwsFigureName = keyof typeof AWS_FIGURES;

/** A Fargate task's start-to-healthy at `u` ∈ [0, 1) of its range (uniform, ASSUMED). */
export const fargateStartToHealthyMs = (u: number) =>
  1000 *
  (AWS_FIGURES.fargateStartToHealthyMinS.value +
    u * (AWS_FIGURES.fargateStartToHealthyMaxS.value - AWS_FIGURES.fargateStartToHealthyMinS.value));

/** The middle of the range: both of the floor's tasks take it. */
export const FARGATE_MIDDLE_MS = fargateStartToHealthyMs(0.5);
