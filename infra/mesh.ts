import { ARCHIVE_RETENTION_DAYS, CONSUMERS, type Consumer, subscriptionsOf } from "@bbws/contracts";
import { tenantManagementBusPolicy } from "./busPolicy.ts";
import { allowRulesToSend, busTargetDelivery, createBusTargetsDlq } from "./busTargets.ts";
import { CONSUMER_BUDGETS, maxReceiveCountOf } from "./consumerBudgets.ts";
import { consumerRuleName } from "./consumerRules.ts";
import type { DeployConfig } from "./deployConfig.ts";
import { consumerFunction, VISIBILITY_TIMEOUT_FACTOR } from "./functions.ts";
import { lambdaArgs } from "./lambdaArgs.ts";
import { pascal } from "./roles.ts";

/**
 * The bus (with its archive, for replay), and per consumer an SQS queue with a DLQ, fed by
 * EventBridge rules whose patterns are exactly the rows of the one subscription table
 * (packages/contracts/src/subscriptions.ts), as the local runtime routes them. What the rules
 * cannot deliver goes to the targets' DLQ (busTargets.ts).
 */
export function createBusAndQueues(config: DeployConfig) {
  const bus = new sst.aws.Bus("Bus");
  // Tenant Management's door: its account may put TenantCreated on the bus (docs/integration.md).
  new aws.cloudwatch.EventBusPolicy("TenantManagementPutEvents", {
    eventBusName: bus.name,
    policy: $jsonStringify(
      tenantManagementBusPolicy({ busArn: bus.arn, accountId: config.tenantManagementAccountId }),
    ),
  });
  const archive = new aws.cloudwatch.EventArchive("BusArchive", {
    eventSourceArn: bus.arn,
    // Every inbox keeps event ids longer (INBOX_MEMORY_DAYS): a replayed event is still recognised.
    retentionDays: ARCHIVE_RETENTION_DAYS,
    description: "Every event of the mesh, for replay (docs/deploy.md)",
  });

  const queues = {} as Record<Consumer, sst.aws.Queue>;
  const deadLetterQueues = {} as Record<Consumer, sst.aws.Queue>;
  for (const consumer of CONSUMERS) {
    const { timeoutSeconds } = consumerFunction(consumer);
    // 14 days: the longest SQS keeps a message, time to redrive after a fix.
    const dlq = new sst.aws.Queue(`${pascal(consumer)}Dlq`, {
      transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
    });
    queues[consumer] = new sst.aws.Queue(`${pascal(consumer)}Queue`, {
      visibilityTimeout: `${VISIBILITY_TIMEOUT_FACTOR * timeoutSeconds} seconds`,
      dlq: { queue: dlq.arn, retry: maxReceiveCountOf(consumer) },
    });
    deadLetterQueues[consumer] = dlq;
  }

  const targetsDlq = createBusTargetsDlq();
  const rules = CONSUMERS.flatMap((consumer) => subscribeQueue(bus, queues[consumer], consumer, targetsDlq));
  return { bus, archive, queues, deadLetterQueues, targetsDlq, rules };
}

function subscribeQueue(
  bus: sst.aws.Bus,
  queue: sst.aws.Queue,
  consumer: Consumer,
  targetsDlq: sst.aws.Queue,
): aws.cloudwatch.EventRule[] {
  const rules = subscriptionsOf(consumer).map((subscription) => {
    const rule = new aws.cloudwatch.EventRule(`${pascal(subscription.name)}Rule`, {
      // A fixed name, so the API can name the consumers' rules in a replay (consumerRules.ts).
      name: consumerRuleName(subscription),
      eventBusName: bus.name,
      eventPattern: JSON.stringify(subscription.pattern),
    });
    new aws.cloudwatch.EventTarget(`${pascal(subscription.name)}Target`, {
      rule: rule.name,
      eventBusName: bus.name,
      arn: queue.arn,
      ...busTargetDelivery(targetsDlq),
    });
    return rule;
  });
  allowRulesToSend(`${pascal(consumer)}QueuePolicy`, queue, rules);
  return rules;
}

/** Each consumer's function on its queue, reporting partial batch failures (`batchItemFailures`). */
export function subscribeConsumers(input: {
  config: DeployConfig;
  queues: Readonly<Record<Consumer, sst.aws.Queue>>;
  roles: Readonly<Record<Consumer, aws.iam.Role>>;
  environmentOf: (consumer: Consumer) => Record<string, $util.Input<string>>;
}): void {
  for (const consumer of CONSUMERS) {
    const spec = consumerFunction(consumer);
    const args = lambdaArgs({
      spec,
      config: input.config,
      role: input.roles[consumer],
      environment: input.environmentOf(consumer),
    });
    const { batchSize, maxConcurrency } = CONSUMER_BUDGETS[consumer];
    input.queues[consumer].subscribe(args, {
      batch: { partialResponses: true, size: batchSize },
      transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: maxConcurrency } } },
    });
  }
}
