import { expect } from "vitest";
import { type DeployedFunction, ofType } from "./evaluateSstConfig.ts";
import type { Recorded } from "./sstStandIns.ts";

/** Questions the wiring test asks of the recorded resources. */
export function busOf(resources: readonly Recorded[]): Recorded {
  const [only, ...others] = ofType(resources, "sst.aws.Bus");
  if (!only || others.length > 0) throw new Error("expected exactly one bus");
  return only;
}

export function consumerFunctionOf(functions: readonly DeployedFunction[], consumer: string) {
  const fn = functions.find((candidate) => candidate.spec.consumer === consumer);
  if (!fn?.queue) throw new Error(`no function consumes the ${consumer} queue`);
  return fn as DeployedFunction & { queue: Recorded };
}

/** The bus's rules with exactly this pattern. */
export const rulesOnBus = (resources: readonly Recorded[], pattern: object) =>
  ofType(resources, "aws.cloudwatch.EventRule").filter(
    (rule) =>
      rule.args.eventPattern === JSON.stringify(pattern) &&
      rule.args.eventBusName === `name:${busOf(resources).name}`,
  );

export const targetsOfRule = (resources: readonly Recorded[], rule: Recorded) =>
  ofType(resources, "aws.cloudwatch.EventTarget").filter(
    (target) => target.args.rule === `name:${rule.name}`,
  );

/** One alarm on the DLQ's visible messages (> 0), notifying an SNS topic of the deployment. */
export function expectDlqAlarmOf(resources: readonly Recorded[], dlq: Recorded): void {
  expect(dlq).toBeDefined();
  const topics = ofType(resources, "aws.sns.Topic").map((topic) => `arn:stub:aws.sns.Topic:${topic.name}`);
  const alarms = ofType(resources, "aws.cloudwatch.MetricAlarm").filter(
    (alarm) => alarm.args.dimensions?.QueueName === `name:${dlq.name}/queue`,
  );
  expect(alarms).toHaveLength(1);
  expect(alarms[0]?.args).toMatchObject({
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
  });
  expect(topics).toContain(alarms[0]?.args.alarmActions[0]);
}
