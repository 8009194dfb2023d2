import { ecsHealthEventPattern } from "@bbws/contracts";
import { allowRulesToSend, busTargetDelivery } from "./busTargets.ts";
import { ECS_EVENTS_BUDGET } from "./consumerBudgets.ts";
import type { DeployConfig } from "./deployConfig.ts";
import { ecsClusterArn, functionSpec, MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from "./functions.ts";
import { lambdaArgs } from "./lambdaArgs.ts";
import { HEALTH_SWEEP_SCHEDULE } from "./patterns.ts";

/** The ECS events consumer's queue and its DLQ (created before the roles, which name the queue). */
export function createEcsEventsQueue() {
  const dlq = new sst.aws.Queue("EcsEventsDlq", {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
  });
  const queue = new sst.aws.Queue("EcsEventsQueue", {
    visibilityTimeout: `${VISIBILITY_TIMEOUT_FACTOR * functionSpec("ecsEvents").timeoutSeconds} seconds`,
    dlq: { queue: dlq.arn, retry: MAX_RECEIVE_COUNT },
  });
  return { queue, dlq };
}

/**
 * ECS sends its task state changes and service actions to the DEFAULT bus of the account that
 * runs the cluster, not to ours: a rule there (the tenant services of our cluster only,
 * ecsHealthEventPattern) → the queue (a policy admitting EventBridge for that rule only) → the
 * consumer. Undeliverable events go to the bus targets' DLQ like every other rule's.
 */
export function subscribeEcsEvents(input: {
  config: DeployConfig;
  queue: sst.aws.Queue;
  targetsDlq: sst.aws.Queue;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}): aws.cloudwatch.EventRule {
  const { config, queue } = input;
  const rule = new aws.cloudwatch.EventRule("EcsHealthEventsRule", {
    name: `bbws-${config.stage}-ecs-health`,
    eventBusName: "default",
    eventPattern: JSON.stringify(ecsHealthEventPattern(ecsClusterArn(config))),
  });
  new aws.cloudwatch.EventTarget("EcsHealthEventsTarget", {
    rule: rule.name,
    eventBusName: "default",
    arn: queue.arn,
    ...busTargetDelivery(input.targetsDlq),
  });
  allowRulesToSend("EcsEventsQueuePolicy", queue, [rule]);
  const args = lambdaArgs({
    spec: functionSpec("ecsEvents"),
    config,
    role: input.role,
    environment: input.environment,
  });
  queue.subscribe(args, {
    batch: { partialResponses: true, size: ECS_EVENTS_BUDGET.batchSize },
    transform: {
      eventSourceMapping: { scalingConfig: { maximumConcurrency: ECS_EVENTS_BUDGET.maxConcurrency } },
    },
  });
  return rule;
}

/** Every minute: ACTIVE instances whose last check is stale get the live check (events can be lost). */
export function createHealthSweepSchedule(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  return new sst.aws.Cron("HealthSweep", {
    schedule: HEALTH_SWEEP_SCHEDULE,
    function: lambdaArgs({
      spec: functionSpec("healthSweep"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  });
}

/**
 * The storage drift function: the live check's drift part invokes it (RequestResponse) from the
 * API and the sweep, which stay outside the VPC; it joins the storage function's VPC and
 * security groups (lambdaArgs) to read RDS's catalog. No trigger of its own.
 */
export function createStorageDriftFunction(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  return new sst.aws.Function(
    "StorageDrift",
    lambdaArgs({
      spec: functionSpec("storageDrift"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  );
}
