import type { Consumer, DeadLetterSource } from "@bbws/contracts";
import { RESOURCE_TABLE } from "@bbws/mesh";
import type { DeployConfig } from "./deployConfig.ts";
import { functionName } from "./functions.ts";
import { type Grant, OWN_GRANTS, type ResourceRef, ROLE_IDS, type RoleId } from "./iamTable.ts";

type Arn = $util.Input<string>;

/** What the IAM table's symbolic resources point at in this deployment. */
export interface RoleResources {
  readonly bus: Arn;
  readonly queues: Readonly<Record<Consumer, Arn>>;
  readonly recordsTable: Arn;
  readonly slotTable: Arn;
  readonly ledgerTable: Arn;
  readonly ledgerStream: Arn;
  readonly idempotencyTable: Arn;
  readonly archiveBucket: Arn;
  readonly outboxPipeDlq: Arn;
  /** The bus archive (POST /v1.0/replays). */
  readonly busArchive: Arn;
  /** Each consumer's dead-letter queue, the ECS events consumer's included (GET /v1.0/dlq, POST /v1.0/dlq/redrive). */
  readonly deadLetterQueues: Readonly<Record<DeadLetterSource, Arn>>;
  /** The queue the default bus's ECS rule fills (infra/health.ts). */
  readonly ecsEventsQueue: Arn;
}

const CONSUMER_OF: Partial<Record<RoleId, Consumer>> = {
  identity: "identity",
  storage: "storage",
  routing: "routing",
  compute: "compute",
  ledger: "ledger",
};

/**
 * One IAM role per function (and one for the outbox Pipe), each with a single inline policy
 * built from the IAM table and nothing else: the functions are given these roles, so SST
 * adds no permissions or managed policies of its own.
 */
export function createRoles(config: DeployConfig, resources: RoleResources): Record<RoleId, aws.iam.Role> {
  const region = aws.getRegionOutput().name;
  const accountId = aws.getCallerIdentityOutput().accountId;
  const { account, infra } = config;

  function resolve(ref: ResourceRef, role: RoleId): Arn[] {
    switch (ref) {
      case "ownQueue": {
        const consumer = CONSUMER_OF[role];
        if (!consumer) throw new Error(`${role} consumes no queue`);
        return [resources.queues[consumer]];
      }
      case "ownLogGroup":
        return [
          $interpolate`arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${functionName(config.stage, role)}:*`,
        ];
      case "recordsByInstanceIndex":
        return [$interpolate`${resources.recordsTable}/index/${RESOURCE_TABLE.instanceIndex.name}`];
      case "ledgerIndexes":
        return [$interpolate`${resources.ledgerTable}/index/*`];
      case "archiveObjects":
        return [$interpolate`${resources.archiveBucket}/*`];
      case "workloadRoles":
        return Object.values(config.accounts).map((entry) => entry.roleArn);
      case "efsFileSystem":
        return [
          `arn:aws:elasticfilesystem:${account.region}:${account.accountId}:file-system/${infra.efsFileSystemId}`,
        ];
      case "deadLetterQueues":
        return Object.values(resources.deadLetterQueues);
      case "consumerQueues":
        return Object.values(resources.queues);
      case "orphanScanFunction":
        return [
          $interpolate`arn:aws:lambda:${region}:${accountId}:function:${functionName(config.stage, "orphanScan")}`,
        ];
      case "storageDriftFunction":
        return [
          $interpolate`arn:aws:lambda:${region}:${accountId}:function:${functionName(config.stage, "storageDrift")}`,
        ];
      case "busReplays":
        return [$interpolate`arn:aws:events:${region}:${accountId}:replay/*`];
      case "relayFunction":
        return [
          $interpolate`arn:aws:lambda:${region}:${accountId}:function:${functionName(config.stage, "outboxRelay")}`,
        ];
      case "*":
        return ["*"];
      default:
        return [resources[ref]];
    }
  }

  const statement = (grant: Grant, role: RoleId) => ({
    actions: [...grant.actions],
    resources: grant.resources.flatMap((ref) => resolve(ref, role)),
    ...(grant.conditions
      ? { conditions: grant.conditions.map((condition) => ({ ...condition, values: [...condition.values] })) }
      : {}),
  });

  // Pipes documents aws:SourceAccount against the confused deputy; Lambda's execution role takes no condition.
  const trust = (role: RoleId) =>
    aws.iam.getPolicyDocumentOutput({
      statements: [
        role === "outboxPipe"
          ? {
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["pipes.amazonaws.com"] }],
              conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
            }
          : {
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
            },
      ],
    }).json;

  const roles = {} as Record<RoleId, aws.iam.Role>;
  for (const role of ROLE_IDS) {
    const policy = aws.iam.getPolicyDocumentOutput({
      statements: OWN_GRANTS[role].map((grant) => statement(grant, role)),
    });
    roles[role] = new aws.iam.Role(`${pascal(role)}Role`, {
      name: functionName(config.stage, role),
      assumeRolePolicy: trust(role),
      inlinePolicies: [{ name: "least-privilege", policy: policy.json }],
    });
  }
  return roles;
}

export function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
