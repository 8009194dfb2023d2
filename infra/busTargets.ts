/**
 * Delivery of the bus's rules to their targets (the consumers' queues, the alerts topic).
 * EventBridge retries a target that fails (a throttled or refused SendMessage/Publish, a
 * policy or key that went wrong) and, without a dead-letter queue, drops the event silently
 * once the retries are spent. Every target gets this DLQ and retry policy (busTargetRetry.ts),
 * and the DLQ an alarm.
 */
import { BUS_TARGET_RETRY } from "./busTargetRetry.ts";

/** One queue for every target's undeliverable events; each message names its rule and target (attributes). */
export function createBusTargetsDlq(): sst.aws.Queue {
  return new sst.aws.Queue("BusTargetsDlq", {
    // 14 days: the longest SQS keeps a message, time to fix the cause and replay (docs/deploy.md).
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
  });
}

/** An EventTarget's arguments for its DLQ and retry policy. */
export function busTargetDelivery(dlq: sst.aws.Queue) {
  return { deadLetterConfig: { arn: dlq.arn }, retryPolicy: { ...BUS_TARGET_RETRY } };
}

/**
 * EventBridge sends to a queue as the service, so the queue's policy admits it for exactly the
 * rules that target the queue (aws:SourceArn). One policy per queue: a second QueuePolicy on the
 * same queue would replace the first.
 */
export function allowRulesToSend(
  name: string,
  queue: sst.aws.Queue,
  rules: readonly aws.cloudwatch.EventRule[],
): aws.sqs.QueuePolicy {
  return new aws.sqs.QueuePolicy(name, {
    queueUrl: queue.url,
    policy: aws.iam.getPolicyDocumentOutput({
      statements: [
        {
          actions: ["sqs:SendMessage"],
          resources: [queue.arn],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          conditions: [
            { test: "ArnEquals", variable: "aws:SourceArn", values: rules.map((rule) => rule.arn) },
          ],
        },
      ],
    }).json,
  });
}

/** The bus targets' DLQ admits the rules whose targets use it. */
export function allowRulesToDeadLetter(dlq: sst.aws.Queue, rules: readonly aws.cloudwatch.EventRule[]): void {
  allowRulesToSend("BusTargetsDlqPolicy", dlq, rules);
}
