import { busTargetDelivery } from "./busTargets.ts";
import type { DeployConfig } from "./deployConfig.ts";
import { OPERATION_STUCK_PATTERN } from "./patterns.ts";

/**
 * Operators hear about two things: a message in any DLQ (a handler gave up after 5 receives,
 * the outbox Pipe did, or EventBridge could not deliver to a target), and an operation past
 * its deadline or left inconsistent by a failed undo. Both go to one SNS topic,
 * subscribed by e-mail when BBWS_ALERT_EMAIL is set.
 */
export function createAlerts(input: {
  config: DeployConfig;
  bus: sst.aws.Bus;
  /** Every DLQ to watch, the bus targets' one included (its name: `BusTargets`). */
  deadLetterQueues: Readonly<Record<string, sst.aws.Queue>> & { readonly BusTargets: sst.aws.Queue };
}) {
  const topic = new aws.sns.Topic("Alerts");
  const stuckRule = new aws.cloudwatch.EventRule("OperationStuckRule", {
    eventBusName: input.bus.name,
    eventPattern: JSON.stringify(OPERATION_STUCK_PATTERN),
  });
  new aws.cloudwatch.EventTarget("OperationStuckTarget", {
    rule: stuckRule.name,
    eventBusName: input.bus.name,
    arn: topic.arn,
    ...busTargetDelivery(input.deadLetterQueues.BusTargets),
  });
  new aws.sns.TopicPolicy("AlertsPolicy", {
    arn: topic.arn,
    policy: aws.iam.getPolicyDocumentOutput({
      statements: [
        {
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [stuckRule.arn] }],
        },
        {
          actions: ["sns:Publish"],
          resources: [topic.arn],
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        },
      ],
    }).json,
  });
  if (input.config.alertEmail)
    new aws.sns.TopicSubscription("AlertsEmail", {
      topic: topic.arn,
      protocol: "email",
      endpoint: input.config.alertEmail,
    });

  for (const [name, dlq] of Object.entries(input.deadLetterQueues))
    new aws.cloudwatch.MetricAlarm(`${name}DlqAlarm`, {
      alarmDescription: `a message reached the ${name} dead-letter queue: inspect it, fix, redrive (docs/deploy.md)`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: dlq.nodes.queue.name },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  return { topic, stuckRule };
}
