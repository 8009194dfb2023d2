import { CONSUMERS, type Consumer, DEAD_LETTER_SOURCES, type DeadLetterSource } from "@bbws/contracts";
import { RESOURCE_TABLE } from "@bbws/mesh";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { type FunctionId, functionName } from "../../infra/functions.ts";
import type { ResourceRef, RoleId } from "../../infra/iamTable.ts";
import { DEPLOY_ENV } from "../infra/deployFixture.ts";

/**
 * The deployment the simulation evaluates against: the deploy fixture's configuration
 * (tests/infra/deployFixture.ts: the workload account, ALB pool, cluster, file system...) and,
 * for what SST names at deploy time, the names below in a control-plane account of its own.
 * infra/roles.ts resolves the IAM table's symbolic resources with SST outputs; `ownResource`
 * resolves them the same way with these strings (a new ResourceRef fails loudly here).
 */
export const STAGE = "dev";
export const CONFIG = loadDeployConfig(DEPLOY_ENV, STAGE);
export const CONTROL = { accountId: "999988887777", region: "eu-west-1" } as const;
export const WORKLOAD = { accountId: CONFIG.account.accountId, region: CONFIG.account.region } as const;

const own = (service: string, resource: string) =>
  `arn:aws:${service}:${CONTROL.region}:${CONTROL.accountId}:${resource}`;
const table = (name: string) => own("dynamodb", `table/bbws-${STAGE}-${name}`);
const queueArn = (consumer: Consumer) => own("sqs", `bbws-${STAGE}-${consumer}`);
/** A DLQ is its source queue's name + `-dlq` (the ECS events queue: `bbws-{stage}-ecs-events`). */
const dlqArn = (source: DeadLetterSource) =>
  source === "ecsEvents" ? `${DEPLOYED_ECS_EVENTS_QUEUE}-dlq` : own("sqs", `bbws-${STAGE}-${source}-dlq`);
const DEPLOYED_ECS_EVENTS_QUEUE = own("sqs", `bbws-${STAGE}-ecs-events`);

export const DEPLOYED = {
  bus: own("events", `event-bus/bbws-${STAGE}`),
  busArchive: own("events", `archive/bbws-${STAGE}-archive`),
  recordsTable: table("records"),
  slotTable: table("rule-slots"),
  ledgerTable: table("ledger"),
  idempotencyTable: table("idempotency"),
  archiveBucket: `arn:aws:s3:::bbws-${STAGE}-archive`,
  outboxPipeDlq: own("sqs", `bbws-${STAGE}-outbox-pipe-dlq`),
  ecsEventsQueue: DEPLOYED_ECS_EVENTS_QUEUE,
  queueArn,
  dlqArn,
  functionArn: (id: FunctionId) => own("lambda", `function:${functionName(STAGE, id)}`),
  logGroup: (id: FunctionId) => own("logs", `log-group:/aws/lambda/${functionName(STAGE, id)}:*`),
  roleArn: (id: RoleId) => `arn:aws:iam::${CONTROL.accountId}:role/${functionName(STAGE, id)}`,
} as const;

const CONSUMER_OF: Partial<Record<RoleId, Consumer>> = {
  identity: "identity",
  storage: "storage",
  routing: "routing",
  compute: "compute",
  ledger: "ledger",
};

/** The ARNs a symbolic resource of the IAM table stands for, for one role (as infra/roles.ts). */
export function ownResource(ref: ResourceRef, role: RoleId): string[] {
  switch (ref) {
    case "ownQueue": {
      const consumer = CONSUMER_OF[role];
      if (!consumer) throw new Error(`${role} consumes no queue`);
      return [queueArn(consumer)];
    }
    case "ownLogGroup":
      return [DEPLOYED.logGroup(role as FunctionId)];
    case "bus":
    case "busArchive":
    case "recordsTable":
    case "slotTable":
    case "ledgerTable":
    case "idempotencyTable":
    case "outboxPipeDlq":
    case "ecsEventsQueue":
      return [DEPLOYED[ref]];
    case "recordsByInstanceIndex":
      return [`${DEPLOYED.recordsTable}/index/${RESOURCE_TABLE.instanceIndex.name}`];
    case "ledgerIndexes":
      return [`${DEPLOYED.ledgerTable}/index/*`];
    case "ledgerStream":
      return [`${DEPLOYED.ledgerTable}/stream/2026-12-01T00:00:00.000`];
    case "archiveObjects":
      return [`${DEPLOYED.archiveBucket}/*`];
    case "workloadRoles":
      return Object.values(CONFIG.accounts).map((entry) => entry.roleArn);
    case "efsFileSystem":
      return [
        `arn:aws:elasticfilesystem:${WORKLOAD.region}:${WORKLOAD.accountId}:file-system/${CONFIG.infra.efsFileSystemId}`,
      ];
    case "deadLetterQueues":
      return DEAD_LETTER_SOURCES.map(dlqArn);
    case "consumerQueues":
      return CONSUMERS.map(queueArn);
    case "orphanScanFunction":
      return [DEPLOYED.functionArn("orphanScan")];
    case "storageDriftFunction":
      return [DEPLOYED.functionArn("storageDrift")];
    case "busReplays":
      return [own("events", "replay/*")];
    case "relayFunction":
      return [DEPLOYED.functionArn("outboxRelay")];
    case "*":
      return ["*"];
    default:
      throw new Error(
        `tests/iam/simulatedDeployment.ts does not resolve the IAM table's resource "${String(ref)}": add it as infra/roles.ts does`,
      );
  }
}

/** An ARN in the environment's account (tests use the fixture's account, or one of their own: both become it). */
export const workloadArn = (service: string, resource: string) =>
  `arn:aws:${service}:${WORKLOAD.region}:${WORKLOAD.accountId}:${resource}`;

/** An ARN a test wrote, moved into the environment's account. */
export const inWorkload = (arn: string) => {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") throw new Error(`not an ARN: ${arn}`);
  return workloadArn(parts[2]!, parts.slice(5).join(":"));
};

/** The tags every resource the deployment creates carries (contracts' resourceTags): what aws:ResourceTag sees. */
export const OWN_RESOURCE_TAGS = { "aws:ResourceTag/bbws:managedBy": "bbws-instance-management" } as const;
