/// <reference path="./.sst/platform/config.d.ts" />

/**
 * AWS deployment of the mesh. Today it declares the bus (with its archive for
 * replay) and one SQS queue + DLQ per consumer, subscribed with the exact
 * EventBridge patterns of the one subscription table (packages/contracts).
 * The consumer functions, the ledger table, the API and the alarms arrive with
 * the infrastructure issue; see docs/architecture.md.
 */
export default $config({
  app(input) {
    return {
      name: "bbws-instance-management",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
    };
  },
  async run() {
    const { CONSUMERS, subscriptionsOf } = await import("./packages/contracts/src/index.ts");

    const bus = new sst.aws.Bus("Bus");
    new aws.cloudwatch.EventArchive("BusArchive", {
      eventSourceArn: bus.arn,
      retentionDays: 30,
      description: "Every event of the mesh, for replay (docs/operations.md)",
    });

    /** SQS requires visibility >= the consumer's timeout; AWS advises 6x for Lambda event sources. */
    const consumerTimeoutSeconds = 60;
    const queues = Object.fromEntries(
      CONSUMERS.map((consumer) => {
        const dlq = new sst.aws.Queue(`${pascal(consumer)}Dlq`);
        const queue = new sst.aws.Queue(`${pascal(consumer)}Queue`, {
          visibilityTimeout: `${6 * consumerTimeoutSeconds} seconds`,
          dlq: { queue: dlq.arn, retry: 5 },
        });
        return [consumer, queue];
      }),
    );

    for (const consumer of CONSUMERS) {
      const queue = queues[consumer];
      if (!queue) throw new Error(`no queue for ${consumer}`);
      const rules = subscriptionsOf(consumer).map((subscription) => {
        const rule = new aws.cloudwatch.EventRule(`${pascal(subscription.name)}Rule`, {
          eventBusName: bus.name,
          eventPattern: JSON.stringify(subscription.pattern),
        });
        new aws.cloudwatch.EventTarget(`${pascal(subscription.name)}Target`, {
          rule: rule.name,
          eventBusName: bus.name,
          arn: queue.arn,
        });
        return rule;
      });
      // One policy per queue: a second QueuePolicy on the same queue would replace the first.
      new aws.sqs.QueuePolicy(`${pascal(consumer)}QueuePolicy`, {
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

    return { bus: bus.name };
  },
});

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
