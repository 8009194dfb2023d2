import { existsSync } from "node:fs";
import { CONSUMERS, ecsHealthEventPattern, SUBSCRIPTIONS } from "@bbws/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { BUS_TARGET_RETRY } from "../../infra/busTargetRetry.ts";
import { maxReceiveCountOf } from "../../infra/consumerBudgets.ts";
import { FUNCTIONS, functionName, VISIBILITY_TIMEOUT_FACTOR } from "../../infra/functions.ts";
import { actionsOf, OWN_GRANTS, ROLE_IDS } from "../../infra/iamTable.ts";
import { OPERATION_STUCK_PATTERN, OUTBOX_STREAM_FILTER } from "../../infra/patterns.ts";
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
import { type Recorded, stubArn } from "./sstStandIns.ts";
import { busOf, consumerFunctionOf, expectDlqAlarmOf, rulesOnBus, targetsOfRule } from "./wiringQueries.ts";

/**
 * sst.config.ts evaluated against recording stand-ins: the wiring it would deploy, checked
 * against the subscription table, the wiring table (infra/functions.ts) and THE IAM table.
 */
let deployed: Evaluated;
let functions: DeployedFunction[];
const resources = () => deployed.resources;

beforeAll(async () => {
  deployed = await evaluateSstConfig("dev");
  functions = deployedFunctions(deployed.resources);
});

const bus = () => busOf(resources());
const consumerFunction = (consumer: string) => consumerFunctionOf(functions, consumer);
const rulesWithPattern = (pattern: object) => rulesOnBus(resources(), pattern);
const targetsOf = (rule: Recorded) => targetsOfRule(resources(), rule);

describe("subscriptions: every event some service consumes reaches that service's queue", () => {
  it.each(SUBSCRIPTIONS.map((subscription) => [subscription.name, subscription] as const))(
    "%s: a rule with exactly the table's pattern targets the consumer's queue",
    (_name, subscription) => {
      const queueArn = `arn:stub:sst.aws.Queue:${consumerFunction(subscription.consumer).queue.name}`;
      const rules = rulesWithPattern(subscription.pattern).filter((rule) =>
        targetsOf(rule).some((target) => target.args.arn === queueArn),
      );
      expect(rules).toHaveLength(1);
      // The API's replays name these rules (FilterArns) by the same name: infra/consumerRules.ts.
      expect(rules[0]?.args.name).toBe(subscription.name);
      const policy = ofType(resources(), "aws.sqs.QueuePolicy").find(
        (candidate) =>
          candidate.args.queueUrl === `https://stub/${consumerFunction(subscription.consumer).queue.name}`,
      );
      expect(policy?.args.policy).toContain(`arn:stub:aws.cloudwatch.EventRule:${rules[0]?.name}`);
    },
  );

  it("declares no rule that the subscription table does not have", () => {
    // Besides the table: the alerts' rule, and the default bus's rule for ECS events (infra/health.ts).
    const ecs = ecsHealthEventPattern("arn:aws:ecs:eu-west-1:111122223333:cluster/bbws-dev");
    const patterns = new Set(
      [...SUBSCRIPTIONS.map((s) => s.pattern), OPERATION_STUCK_PATTERN, ecs].map((p) => JSON.stringify(p)),
    );
    for (const rule of ofType(resources(), "aws.cloudwatch.EventRule"))
      expect(patterns).toContain(rule.args.eventPattern);
  });

  it("archives the bus for replay", () => {
    const [archive] = ofType(resources(), "aws.cloudwatch.EventArchive");
    expect(archive?.args.eventSourceArn).toBe(stubArn(bus()));
    expect(archive?.args.retentionDays).toBeGreaterThanOrEqual(30);
    expect(deployed.outputs.busArchive).toBe(`arn:stub:aws.cloudwatch.EventArchive:${archive?.name}`);
  });
});

describe("bus targets: an event EventBridge cannot deliver is kept, never dropped", () => {
  const targetsDlq = () => {
    const arns = new Set(
      ofType(resources(), "aws.cloudwatch.EventTarget").map((target) => target.args.deadLetterConfig?.arn),
    );
    expect(arns.size).toBe(1);
    const dlq = byOutput(resources(), [...arns][0]);
    expect(dlq?.type).toBe("sst.aws.Queue");
    return dlq as Recorded;
  };

  it("every rule's target (queues, the alerts topic, the ECS events queue) has the DLQ and a bounded retry policy", () => {
    const targets = ofType(resources(), "aws.cloudwatch.EventTarget");
    expect(targets).toHaveLength(SUBSCRIPTIONS.length + 2);
    for (const target of targets) {
      expect(target.args.deadLetterConfig?.arn, target.name).toBe(
        `arn:stub:sst.aws.Queue:${targetsDlq().name}`,
      );
      expect(target.args.retryPolicy, target.name).toEqual(BUS_TARGET_RETRY);
    }
    // EventBridge's valid ranges (API RetryPolicy): 60..86400 s, 0..185 attempts.
    expect(BUS_TARGET_RETRY.maximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
    expect(BUS_TARGET_RETRY.maximumEventAgeInSeconds).toBeLessThanOrEqual(86_400);
    expect(BUS_TARGET_RETRY.maximumRetryAttempts).toBeLessThanOrEqual(185);
  });

  it("the DLQ admits EventBridge for exactly the bus's rules, keeps messages 14 days, has an alarm", () => {
    const dlq = targetsDlq();
    expect(dlq.args.transform.queue.messageRetentionSeconds).toBe(14 * 24 * 3600);
    const policies = ofType(resources(), "aws.sqs.QueuePolicy").filter(
      (candidate) => candidate.args.queueUrl === `https://stub/${dlq.name}`,
    );
    expect(policies).toHaveLength(1);
    const { statements } = JSON.parse(policies[0]?.args.policy) as {
      statements: { actions: string[]; resources: string[]; principals: unknown; conditions: unknown }[];
    };
    const ruleArns = ofType(resources(), "aws.cloudwatch.EventRule").map(
      (rule) => `arn:stub:aws.cloudwatch.EventRule:${rule.name}`,
    );
    expect(ruleArns).toHaveLength(SUBSCRIPTIONS.length + 2);
    expect(statements).toEqual([
      {
        actions: ["sqs:SendMessage"],
        resources: [`arn:stub:sst.aws.Queue:${dlq.name}`],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: ruleArns }],
      },
    ]);
    expectDlqAlarm(dlq);
  });
});

describe("queues and consumers", () => {
  it.each(CONSUMERS.map((consumer) => [consumer]))(
    "%s: one function, partial batch responses",
    (consumer) => {
      expect(functions.filter((fn) => fn.spec.consumer === consumer)).toHaveLength(1);
      expect(consumerFunction(consumer).subscription.batch.partialResponses).toBe(true);
    },
  );

  it.each(CONSUMERS.map((consumer) => [consumer]))(
    "%s: DLQ after its receives (maxReceiveCountOf), visibility ≥ 6× the function's timeout, an alarm on the DLQ",
    (consumer) => {
      const { queue, args } = consumerFunction(consumer);
      expect(queue.args.dlq.retry).toBe(maxReceiveCountOf(consumer));
      // The handler reports on the queue's last receive: it must know the same count (the ledger has no journal).
      if (consumer !== "ledger")
        expect(args.environment.BBWS_MAX_RECEIVE_COUNT).toBe(String(maxReceiveCountOf(consumer)));
      const dlq = byOutput(resources(), queue.args.dlq.queue);
      expect(dlq?.type).toBe("sst.aws.Queue");
      expect(seconds(queue.args.visibilityTimeout)).toBeGreaterThanOrEqual(
        VISIBILITY_TIMEOUT_FACTOR * seconds(args.timeout),
      );
      expectDlqAlarm(dlq as Recorded);
    },
  );

  it("the outbox Pipe's DLQ has an alarm too", () => {
    const [pipe] = ofType(resources(), "aws.pipes.Pipe");
    const dlq = byOutput(
      resources(),
      pipe?.args.sourceParameters.dynamodbStreamParameters.deadLetterConfig.arn,
    );
    expectDlqAlarm(dlq as Recorded);
  });
});

const expectDlqAlarm = (dlq: Recorded) => expectDlqAlarmOf(resources(), dlq);

describe("functions: every row of the wiring table is deployed once, and its handler exists", () => {
  it("deploys each function of infra/functions.ts exactly once", () => {
    expect(functions.map((fn) => fn.spec.id).sort()).toEqual(FUNCTIONS.map((spec) => spec.id).sort());
  });

  it.each(FUNCTIONS.map((spec) => [spec.id, spec.handler]))(
    "%s: %s exists and exports it",
    async (_id, handler) => {
      const [file, exportName] = [
        handler.slice(0, handler.lastIndexOf(".")),
        handler.slice(handler.lastIndexOf(".") + 1),
      ];
      const path = new URL(`../../${file}.ts`, import.meta.url);
      expect(existsSync(path), `${file}.ts`).toBe(true);
      const module = (await import(/* @vite-ignore */ path.href)) as Record<string, unknown>;
      expect(typeof module[exportName]).toBe("function");
    },
  );

  it.each([
    ["stuckSweeper", "rate(1 minute)"],
    ["credentialRotation", "rate(1 hour)"],
  ])("runs %s on %s", (id, schedule) => {
    const crons = ofType(resources(), "sst.aws.Cron").filter(
      (cron) => cron.args.function.handler === FUNCTIONS.find((spec) => spec.id === id)?.handler,
    );
    expect(crons.map((cron) => cron.args.schedule)).toEqual([schedule]);
  });
});

describe("IAM: each role has exactly its entry of the IAM table", () => {
  it.each(FUNCTIONS.map((spec) => [spec.id]))("%s", (id) => {
    const fn = functions.find((candidate) => candidate.spec.id === id);
    expect(fn?.args).not.toHaveProperty("permissions");
    expect(fn?.args).not.toHaveProperty("policies");
    expect(fn?.args).not.toHaveProperty("link");
    const role = byOutput(resources(), fn?.args.role);
    expect(role?.type).toBe("aws.iam.Role");
    expect(role?.args.name).toBe(functionName("dev", id));
    expect(OWN_GRANTS[id].length).toBeGreaterThan(0);
    expect(roleActions(role as Recorded)).toEqual(actionsOf(OWN_GRANTS[id]));
  });

  it("outboxPipe: the Pipe's role", () => {
    const [pipe] = ofType(resources(), "aws.pipes.Pipe");
    expect(roleActions(byOutput(resources(), pipe?.args.roleArn) as Recorded)).toEqual(
      actionsOf(OWN_GRANTS.outboxPipe),
    );
  });

  it("creates no role that nothing uses", () => {
    expect(ofType(resources(), "aws.iam.Role")).toHaveLength(ROLE_IDS.length);
  });
});

describe("the outbox, the alarm on OperationStuck", () => {
  it("pipes new outbox items of the ledger table's stream to the relay", () => {
    const [pipe] = ofType(resources(), "aws.pipes.Pipe");
    const table = byOutput(resources(), pipe?.args.source.replace(/\/stream$/, ""));
    expect(table?.name).toBe("LedgerTable");
    expect(table?.args).toMatchObject({
      streamEnabled: true,
      streamViewType: "NEW_IMAGE",
      ttl: { attributeName: "expiresAt" },
    });
    expect(JSON.parse(pipe?.args.sourceParameters.filterCriteria.filters[0].pattern)).toEqual(
      OUTBOX_STREAM_FILTER,
    );
    const relay = byOutput(resources(), pipe?.args.target);
    expect(relay?.args.handler).toBe(FUNCTIONS.find((spec) => spec.id === "outboxRelay")?.handler);
  });

  it("sends every OperationStuck on the bus to the alerts topic", () => {
    const [rule] = rulesWithPattern(OPERATION_STUCK_PATTERN);
    expect(rule).toBeDefined();
    const targets = targetsOf(rule as Recorded).map((target) => byOutput(resources(), target.args.arn)?.type);
    expect(targets).toEqual(["aws.sns.Topic"]);
  });
});
