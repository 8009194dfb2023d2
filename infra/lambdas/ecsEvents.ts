import { createEcsEventConsumer } from "@bbws/ledger";
import { createJsonLogger, createSqsBodyHandler, type Logger, type SqsEventHandler } from "@bbws/mesh";
import { createHealthLambdaDeps, type HealthLambdaConfig, loadHealthConfig } from "./healthDeps.ts";

/**
 * The ECS events consumer: each SQS record's body is an `aws.ecs` event as the default bus's rule
 * delivered it (infra/health.ts); the ledger's createEcsEventConsumer folds it. An event it cannot
 * use is logged and acknowledged; a failing one comes back, then goes to the DLQ.
 */
export function createEcsEventsLambda(
  config: HealthLambdaConfig,
  logger: Logger,
  clients?: Parameters<typeof createHealthLambdaDeps>[2],
): SqsEventHandler {
  const deps = createHealthLambdaDeps(config, logger, clients);
  const consumer = createEcsEventConsumer({
    store: deps.store,
    handleEvent: deps.handleEvent,
    taskCounts: deps.taskCounts,
    clusterArn: config.BBWS_ECS_CLUSTER_ARN,
    logger,
  });
  return createSqsBodyHandler({ consumer: "ecs-events", handle: consumer.handle, logger });
}

let built: SqsEventHandler | undefined;

/** The Lambda entry point (SQS event source, partial batch responses); built on first use. */
export const handler: SqsEventHandler = (event, context) => {
  built ??= createEcsEventsLambda(
    loadHealthConfig(process.env),
    createJsonLogger({ fields: { consumer: "ecs-events" } }),
  );
  return built(event, context);
};
