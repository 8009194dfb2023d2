import type { Consumer } from "@bbws/contracts";
import { RETRY_RECEIVES } from "@bbws/mesh";
import { albPoolVersion } from "./albPoolItem.ts";
import { CONSUMER_BUDGETS, ECS_EVENTS_BUDGET, maxReceiveCountOf } from "./consumerBudgets.ts";
import type { DeployConfig } from "./deployConfig.ts";
import type { RoleId } from "./iamTable.ts";

/**
 * The wiring data: every Lambda of the deployment, its entry point, its limits, and the
 * environment variables its composition root (`src/handlers/deps*.ts`) reads. Pure data,
 * so the wiring test reads the same table `sst.config.ts` deploys.
 */
export type FunctionId = Exclude<RoleId, "outboxPipe">;

export interface FunctionSpec {
  readonly id: FunctionId;
  /** `path/to/file.exportName`, relative to the repository root, as SST takes it. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The queue this function consumes, if it is a bus consumer. */
  readonly consumer?: Consumer;
  /** Ephemeral /tmp, for the storage function's archives. */
  readonly ephemeralStorageMb?: number;
  /** Reserved concurrency: at most this many containers run at once (and no more are ever throttled in). */
  readonly reservedConcurrency?: number;
  /**
   * For a function that writes to Cognito: each container's share of the account's 15 writes/s
   * (`BBWS_COGNITO_WRITES_PER_SECOND`). With `reservedConcurrency` it bounds the account's rate
   * (cognitoWriteBudget.ts).
   */
  readonly cognitoWritesPerSecond?: number;
}

/**
 * SQS hands a message to the DLQ after this many receives; the handlers report on the last one.
 * A bus consumer whose steps wait allows more (maxReceiveCountOf, infra/consumerBudgets.ts).
 */
export const MAX_RECEIVE_COUNT = RETRY_RECEIVES;
/** AWS: a Lambda event source's queue should hide a message for ≥ 6× the function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
export const EFS_MOUNT_PATH = "/mnt/efs";

const entry = (pkg: string, file = "lambda") => `packages/${pkg}/src/handlers/${file}.handler`;

/**
 * Timeouts also set the retry spacing: a failed message comes back after the visibility
 * timeout (6× the function's), so short timeouts keep compute's health re-checks and
 * identity's throttling retries within the provisioning deadline (15 min). A consumer's
 * timeout, batch size and concurrency are its budget (infra/consumerBudgets.ts).
 */
const consumer = (id: Consumer, memoryMb: number, extra: Partial<FunctionSpec> = {}): FunctionSpec => ({
  id,
  handler: entry(id),
  consumer: id,
  memoryMb,
  timeoutSeconds: CONSUMER_BUDGETS[id].timeoutSeconds,
  ...extra,
});

export const FUNCTIONS: readonly FunctionSpec[] = [
  // Cognito writes are limited to 15/s per account, across containers: at most two containers
  // (reserved concurrency; the event source's maximum concurrency is the same, consumerBudgets.ts),
  // 5 writes/s each. cognitoWriteBudget.ts holds the sum.
  consumer("identity", 512, { reservedConcurrency: 2, cognitoWritesPerSecond: 5 }),
  consumer("storage", 2048, { ephemeralStorageMb: 4096 }),
  consumer("routing", 512),
  consumer("compute", 512),
  consumer("ledger", 512),
  { id: "stuckSweeper", handler: entry("ledger", "lambdaSweeper"), timeoutSeconds: 50, memoryMb: 256 },
  {
    id: "credentialRotation",
    handler: entry("ledger", "lambdaRotationSchedule"),
    timeoutSeconds: 300,
    memoryMb: 256,
  },
  { id: "outboxRelay", handler: entry("ledger", "lambdaRelay"), timeoutSeconds: 30, memoryMb: 256 },
  // Outside packages/: it joins every service's inventory with the ledger (infra/lambdas/orphanScanDeps.ts).
  // It deletes orphan user pools: one container at a time takes the rest of Cognito's budget.
  {
    id: "orphanScan",
    handler: "infra/lambdas/orphanScan.handler",
    timeoutSeconds: 300,
    memoryMb: 512,
    reservedConcurrency: 1,
    cognitoWritesPerSecond: 2,
  },
  // Outside packages/: it joins @bbws/api and @bbws/ledger (see infra/lambdas/apiDeps.ts).
  { id: "api", handler: "infra/lambdas/api.handler", timeoutSeconds: 29, memoryMb: 512 },
  // Outside packages/: the ledger's side of aws.ecs events, with compute's DescribeServices (infra/lambdas/healthDeps.ts).
  {
    id: "ecsEvents",
    handler: "infra/lambdas/ecsEvents.handler",
    timeoutSeconds: ECS_EVENTS_BUDGET.timeoutSeconds,
    memoryMb: 256,
  },
  // Every minute; one run at a time (a long run's leftovers are stale again for the next one).
  {
    id: "healthSweep",
    handler: "infra/lambdas/healthSweep.handler",
    timeoutSeconds: 55,
    memoryMb: 256,
    reservedConcurrency: 1,
  },
  // Invoked synchronously by the live check's drift part (API, sweep): in the VPC, it reads RDS's
  // catalog. The callers stop waiting at their part's budget; the function may run on (15 s) so a
  // cold container still opens its admin pool (secret read, TLS to RDS) and is warm for the next check.
  { id: "storageDrift", handler: entry("storage", "lambdaDrift"), timeoutSeconds: 15, memoryMb: 256 },
];

/** The functions that join the storage function's VPC (they reach RDS; storage also mounts EFS). */
export const VPC_FUNCTIONS: readonly FunctionId[] = ["storage", "orphanScan", "storageDrift"];

export function functionSpec(id: FunctionId): FunctionSpec {
  const spec = FUNCTIONS.find((candidate) => candidate.id === id);
  if (!spec) throw new Error(`no function ${id}`);
  return spec;
}

export function consumerFunction(consumer: Consumer): FunctionSpec {
  const spec = FUNCTIONS.find((candidate) => candidate.consumer === consumer);
  if (!spec) throw new Error(`no function consumes the ${consumer} queue`);
  return spec;
}

/** Fixed names, so log groups, IAM resources and the workload roles' trust policy can name them. */
export function functionName(stage: string, id: FunctionId | "outboxPipe"): string {
  return `bbws-${stage}-${id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Names only known once deployed (SST outputs), or strings in the wiring test. */
export interface DeployedNames<T> {
  readonly busName: T;
  readonly recordsTable: T;
  readonly slotTable: T;
  readonly ledgerTable: T;
  readonly idempotencyTable: T;
  readonly archiveBucket: T;
}

/** The variables each composition root validates (deps*.ts); nothing else reaches the code. */
export function lambdaEnvironment<T>(
  id: FunctionId,
  config: DeployConfig,
  names: DeployedNames<T>,
): Record<string, string | T> {
  const { infra } = config;
  const service = {
    BBWS_ENVIRONMENT: config.environment,
    BBWS_ACCOUNTS: JSON.stringify(config.accounts),
    BBWS_BUS_NAME: names.busName,
    BBWS_RECORDS_TABLE: names.recordsTable,
    BBWS_MAX_RECEIVE_COUNT: String(
      id in CONSUMER_BUDGETS ? maxReceiveCountOf(id as Consumer) : MAX_RECEIVE_COUNT,
    ),
    // How long a delivery owns a request it started (the service journal's lease): the function's timeout.
    ...(id in CONSUMER_BUDGETS
      ? { BBWS_LEASE_SECONDS: String(CONSUMER_BUDGETS[id as Consumer].timeoutSeconds) }
      : {}),
  };
  const rds = {
    BBWS_RDS_ENDPOINT: infra.rds.endpoint,
    BBWS_RDS_PORT: String(infra.rds.port),
    BBWS_RDS_MASTER_SECRET_ARN: infra.rds.masterSecretArn,
  };
  const storageDrift = { BBWS_STORAGE_DRIFT_FUNCTION: functionName(config.stage, "storageDrift") };
  const ledger = {
    BBWS_LEDGER_TABLE: names.ledgerTable,
    BBWS_BASE_DOMAIN: infra.baseDomain,
    BBWS_WORDPRESS: JSON.stringify(config.wordpress),
  };
  switch (id) {
    case "identity": {
      // Identity needs nothing of the shared infrastructure: it serves every mapped account.
      const { BBWS_ENVIRONMENT: _served, ...accountsOnly } = service;
      return { ...accountsOnly, ...cognitoWrites(id) };
    }
    case "routing":
      return {
        ...service,
        BBWS_SLOT_TABLE: names.slotTable,
        BBWS_ALB_POOL_VERSION: albPoolVersion(infra.albPool),
        BBWS_VPC_ID: infra.vpcId,
        ...(infra.hostedZoneId ? { BBWS_HOSTED_ZONE_ID: infra.hostedZoneId } : {}),
      };
    case "compute":
      return {
        ...service,
        BBWS_ECS_CLUSTER: infra.ecsClusterName,
        BBWS_TASK_SUBNETS: JSON.stringify(infra.tasks.privateSubnetIds),
        BBWS_TASK_SECURITY_GROUPS: JSON.stringify(infra.tasks.securityGroupIds),
        BBWS_EFS_FILE_SYSTEM_ID: infra.efsFileSystemId,
      };
    case "storage":
      return {
        ...service,
        BBWS_EFS_FILE_SYSTEM_ID: infra.efsFileSystemId,
        BBWS_EFS_MOUNT_PATH: EFS_MOUNT_PATH,
        ...rds,
        BBWS_ARCHIVE_BUCKET: names.archiveBucket,
      };
    case "ledger":
    case "stuckSweeper":
    case "credentialRotation":
      return ledger;
    case "outboxRelay":
      return { BBWS_LEDGER_TABLE: names.ledgerTable, BBWS_BUS_NAME: names.busName };
    case "orphanScan":
      return {
        ...service,
        BBWS_LEDGER_TABLE: names.ledgerTable,
        BBWS_SLOT_TABLE: names.slotTable,
        BBWS_ALB_POOL_VERSION: albPoolVersion(infra.albPool),
        ...(infra.hostedZoneId ? { BBWS_HOSTED_ZONE_ID: infra.hostedZoneId } : {}),
        ...rds,
        ...cognitoWrites(id),
      };
    case "api":
      return {
        ...ledger,
        BBWS_ACCOUNTS: service.BBWS_ACCOUNTS,
        BBWS_IDEMPOTENCY_TABLE: names.idempotencyTable,
        BBWS_IMAGE_TEMPLATE: config.imageTemplate,
        BBWS_ECS_CLUSTER: infra.ecsClusterName,
        BBWS_ORPHAN_SCAN_FUNCTION: functionName(config.stage, "orphanScan"),
        ...storageDrift,
      };
    case "ecsEvents":
      return {
        ...ledger,
        BBWS_ACCOUNTS: service.BBWS_ACCOUNTS,
        BBWS_ECS_CLUSTER_ARN: ecsClusterArn(config),
      };
    case "healthSweep":
      return {
        ...ledger,
        BBWS_ACCOUNTS: service.BBWS_ACCOUNTS,
        BBWS_ECS_CLUSTER_ARN: ecsClusterArn(config),
        ...storageDrift,
      };
    case "storageDrift":
      return { BBWS_ENVIRONMENT: config.environment, BBWS_ACCOUNTS: service.BBWS_ACCOUNTS, ...rds };
  }
}

/** The served environment's cluster, where its tenants' services run (the ECS events name it). */
export function ecsClusterArn(config: DeployConfig): string {
  const { region, accountId } = config.account;
  return `arn:aws:ecs:${region}:${accountId}:cluster/${config.infra.ecsClusterName}`;
}

/** A Cognito writer's share of the account's quota, from the wiring table. */
function cognitoWrites(id: FunctionId): Record<string, string> {
  const { cognitoWritesPerSecond } = functionSpec(id);
  if (cognitoWritesPerSecond === undefined) throw new Error(`${id} has no cognitoWritesPerSecond`);
  return { BBWS_COGNITO_WRITES_PER_SECOND: String(cognitoWritesPerSecond) };
}
