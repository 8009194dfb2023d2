import { ecsHealthEventPattern } from "@bbws/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { BUS_TARGET_RETRY } from "../../infra/busTargetRetry.ts";
import { budgetProblems, ECS_EVENTS_BUDGET } from "../../infra/consumerBudgets.ts";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { functionName, MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from "../../infra/functions.ts";
import { actionsOf, OWN_GRANTS } from "../../infra/iamTable.ts";
import { HEALTH_SWEEP_SCHEDULE } from "../../infra/patterns.ts";
import { WORKLOAD_GRANTS } from "../../infra/workloadGrants.ts";
import { WORKLOAD_ROLE_USERS, workloadPermissions } from "../../infra/workloadPolicy.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import {
  byOutput,
  type DeployedFunction,
  deployedFunctions,
  type Evaluated,
  evaluateSstConfig,
  ofType,
  roleActions,
  seconds,
} from "./evaluateSstConfig.ts";
import type { Recorded } from "./sstStandIns.ts";
import { expectDlqAlarmOf, targetsOfRule } from "./wiringQueries.ts";

/**
 * The AWS deployment of health (sst.config.ts against the recording stand-ins): the default
 * bus's rule for ECS events → its queue → the ECS events consumer, and the sweep's schedule.
 */
const CLUSTER_ARN = "arn:aws:ecs:eu-west-1:111122223333:cluster/bbws-dev";
let deployed: Evaluated;
let functions: DeployedFunction[];
const resources = () => deployed.resources;
const fn = (id: string) => {
  const found = functions.find((candidate) => candidate.spec.id === id);
  if (!found) throw new Error(`${id} is not deployed`);
  return found;
};

beforeAll(async () => {
  deployed = await evaluateSstConfig("dev");
  functions = deployedFunctions(deployed.resources);
});

function ecsRule(): Recorded {
  const rules = ofType(resources(), "aws.cloudwatch.EventRule").filter(
    (rule) => rule.args.eventBusName === "default",
  );
  expect(rules).toHaveLength(1);
  return rules[0] as Recorded;
}

describe("ECS events: the default bus's rule → a queue → the consumer", () => {
  it("the rule is on the DEFAULT bus (where ECS sends) with exactly the contracts' pattern for our cluster", () => {
    const rule = ecsRule();
    expect(JSON.parse(rule.args.eventPattern)).toEqual(ecsHealthEventPattern(CLUSTER_ARN));
    expect(rule.args.name).toBe("bbws-dev-ecs-health");
  });

  it("targets the consumer's queue, with the bus targets' DLQ and retry policy", () => {
    const targets = targetsOfRule(resources(), ecsRule());
    expect(targets).toHaveLength(1);
    expect(targets[0]?.args.eventBusName).toBe("default");
    expect(targets[0]?.args.arn).toBe(`arn:stub:sst.aws.Queue:${fn("ecsEvents").queue?.name}`);
    expect(targets[0]?.args.retryPolicy).toEqual(BUS_TARGET_RETRY);
    expect(byOutput(resources(), targets[0]?.args.deadLetterConfig.arn)?.name).toBe("BusTargetsDlq");
  });

  it("the queue admits EventBridge for that rule only (aws:SourceArn), and the targets' DLQ admits it too", () => {
    const queue = fn("ecsEvents").queue as Recorded;
    const policies = ofType(resources(), "aws.sqs.QueuePolicy");
    const own = policies.filter((policy) => policy.args.queueUrl === `https://stub/${queue.name}`);
    expect(own).toHaveLength(1);
    const ruleArn = `arn:stub:aws.cloudwatch.EventRule:${ecsRule().name}`;
    expect(JSON.parse(own[0]?.args.policy).statements).toEqual([
      {
        actions: ["sqs:SendMessage"],
        resources: [`arn:stub:sst.aws.Queue:${queue.name}`],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [ruleArn] }],
      },
    ]);
    const targetsDlq = policies.find((policy) => policy.args.queueUrl === "https://stub/BusTargetsDlq");
    expect(JSON.parse(targetsDlq?.args.policy).statements[0].conditions[0].values).toContain(ruleArn);
  });

  it("the consumer: partial batch responses, its budget; the queue: DLQ after 5 receives with an alarm", () => {
    const consumer = fn("ecsEvents");
    expect(consumer.spec.handler).toBe("infra/lambdas/ecsEvents.handler");
    expect(consumer.subscription).toMatchObject({
      batch: { partialResponses: true, size: ECS_EVENTS_BUDGET.batchSize },
      transform: {
        eventSourceMapping: { scalingConfig: { maximumConcurrency: ECS_EVENTS_BUDGET.maxConcurrency } },
      },
    });
    expect(budgetProblems(ECS_EVENTS_BUDGET)).toEqual([]);
    expect(seconds(consumer.args.timeout)).toBe(ECS_EVENTS_BUDGET.timeoutSeconds);
    const queue = consumer.queue as Recorded;
    expect(queue.args.dlq.retry).toBe(MAX_RECEIVE_COUNT);
    expect(seconds(queue.args.visibilityTimeout)).toBeGreaterThanOrEqual(
      VISIBILITY_TIMEOUT_FACTOR * ECS_EVENTS_BUDGET.timeoutSeconds,
    );
    expectDlqAlarmOf(resources(), byOutput(resources(), queue.args.dlq.queue) as Recorded);
  });
});

describe("the health sweep's schedule", () => {
  it("runs the sweep every minute, one run at a time", () => {
    const crons = ofType(resources(), "sst.aws.Cron").filter(
      (cron) => cron.args.function.handler === "infra/lambdas/healthSweep.handler",
    );
    expect(crons.map((cron) => cron.args.schedule)).toEqual([HEALTH_SWEEP_SCHEDULE]);
    expect(HEALTH_SWEEP_SCHEDULE).toBe("rate(1 minute)");
    expect(fn("healthSweep").args.concurrency).toEqual({ reserved: 1 });
  });
});

describe("the two functions' environment and roles", () => {
  it.each(["ecsEvents", "healthSweep"] as const)(
    "%s: the ledger table, the accounts, the cluster ARN",
    (id) => {
      expect(fn(id).args.environment).toMatchObject({
        BBWS_LEDGER_TABLE: "name:LedgerTable",
        BBWS_ECS_CLUSTER_ARN: CLUSTER_ARN,
        BBWS_BASE_DOMAIN: "sites.example.com",
      });
      expect(JSON.parse(fn(id).args.environment.BBWS_ACCOUNTS)).toHaveProperty("dev");
      expect(fn(id).args).not.toHaveProperty("vpc");
    },
  );

  it.each(["ecsEvents", "healthSweep"] as const)("%s: its own role, exactly its IAM table entry", (id) => {
    const role = byOutput(resources(), fn(id).args.role) as Recorded;
    expect(role.args.name).toBe(functionName("dev", id));
    expect(roleActions(role)).toEqual(actionsOf(OWN_GRANTS[id]));
  });

  it("least privilege: the consumer reads its own queue only; nobody writes anywhere but the ledger table", () => {
    const statements = (id: string) =>
      JSON.parse(
        ((byOutput(resources(), fn(id).args.role) as Recorded).args.inlinePolicies as { policy: string }[])[0]
          ?.policy ?? "{}",
      ).statements as { actions: string[]; resources: string[] }[];
    const sqs = statements("ecsEvents").filter((statement) => statement.actions[0]?.startsWith("sqs:"));
    expect(sqs.map((statement) => statement.resources)).toEqual([
      [`arn:stub:sst.aws.Queue:${fn("ecsEvents").queue?.name}`],
    ]);
    for (const id of ["ecsEvents", "healthSweep"])
      for (const statement of statements(id).filter((s) => s.actions.some((a) => a.startsWith("dynamodb:"))))
        expect(
          statement.resources.every((arn) => arn.startsWith("arn:stub:aws.dynamodb.Table:LedgerTable")),
        ).toBe(true);
  });

  it("in the environment's account: DescribeServices for both, the live check's reads (drift included) for the sweep only", () => {
    expect(actionsOf(WORKLOAD_GRANTS.ecsEvents)).toEqual(["ecs:DescribeServices"]);
    expect(actionsOf(WORKLOAD_GRANTS.healthSweep)).toEqual([
      "cognito-idp:DescribeUserPool",
      "ecs:DescribeServices",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      "iam:GetRole",
    ]);
    const served = JSON.stringify(workloadPermissions(loadDeployConfig(DEPLOY_ENV, "dev"), "dev"));
    expect(served).toContain("arn:aws:ecs:eu-west-1:111122223333:service/bbws-dev/wp-*");
  });
});

describe("the storage drift function: the drift part's storage side, inside the VPC", () => {
  /** The stand-ins' region and account stand for the deploying account's. */
  const isStorageDriftArn = (arn: string) =>
    /^arn:aws:lambda:[^:]+:[^:]+:function:bbws-dev-storage-drift$/.test(arn);
  const statementsOf = (id: string) =>
    JSON.parse(
      ((byOutput(resources(), fn(id).args.role) as Recorded).args.inlinePolicies as { policy: string }[])[0]
        ?.policy ?? "{}",
    ).statements as { actions: string[]; resources: string[] }[];

  it("is deployed with its handler, in the storage function's subnets and security groups, without EFS", () => {
    const drift = fn("storageDrift");
    expect(drift.spec.handler).toBe("packages/storage/src/handlers/lambdaDrift.handler");
    expect(drift.args.name).toBe("bbws-dev-storage-drift");
    expect(drift.args.vpc).toEqual(fn("storage").args.vpc);
    expect(drift.args.vpc.privateSubnets.length).toBeGreaterThan(0);
    expect(drift.args).not.toHaveProperty("volume");
    expect(drift.args.environment).toEqual({
      BBWS_ENVIRONMENT: "dev",
      BBWS_ACCOUNTS: fn("storage").args.environment.BBWS_ACCOUNTS,
      BBWS_RDS_ENDPOINT: fn("storage").args.environment.BBWS_RDS_ENDPOINT,
      BBWS_RDS_PORT: fn("storage").args.environment.BBWS_RDS_PORT,
      BBWS_RDS_MASTER_SECRET_ARN: fn("storage").args.environment.BBWS_RDS_MASTER_SECRET_ARN,
    });
  });

  it("its own role: logs, the workload role, the VPC's network interfaces; in the account: the master secret and the two describes", () => {
    const role = byOutput(resources(), fn("storageDrift").args.role) as Recorded;
    expect(role.args.name).toBe(functionName("dev", "storageDrift"));
    expect(roleActions(role)).toEqual(actionsOf(OWN_GRANTS.storageDrift));
    expect(actionsOf(OWN_GRANTS.storageDrift)).toContain("sts:AssumeRole");
    expect(actionsOf(OWN_GRANTS.storageDrift)).toContain("ec2:CreateNetworkInterface");
    expect(actionsOf(WORKLOAD_GRANTS.storageDrift)).toEqual([
      "elasticfilesystem:DescribeAccessPoints",
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]);
  });

  it.each(["api", "healthSweep"] as const)(
    "%s: invokes exactly that function, named by BBWS_STORAGE_DRIFT_FUNCTION; no EFS or secret describes of its own",
    (id) => {
      const invoke = statementsOf(id).filter((statement) =>
        statement.actions.includes("lambda:InvokeFunction"),
      );
      const onDrift = invoke.filter((statement) => statement.resources.some(isStorageDriftArn));
      expect(onDrift).toHaveLength(1);
      expect(onDrift[0]?.resources).toHaveLength(1);
      expect(onDrift[0]?.actions).toEqual(["lambda:InvokeFunction"]);
      expect(fn(id).args.environment.BBWS_STORAGE_DRIFT_FUNCTION).toBe("bbws-dev-storage-drift");
      expect(actionsOf(WORKLOAD_GRANTS[id])).not.toContain("elasticfilesystem:DescribeAccessPoints");
      expect(actionsOf(WORKLOAD_GRANTS[id])).not.toContain("secretsmanager:DescribeSecret");
    },
  );

  it("the served environment's workload role admits the function (trust) and holds its grants", () => {
    const config = loadDeployConfig(DEPLOY_ENV, "dev");
    const served = JSON.stringify(workloadPermissions(config, "dev"));
    expect(served).toContain(config.infra.rds.masterSecretArn);
    expect(WORKLOAD_ROLE_USERS).toContain("storageDrift");
  });
});
