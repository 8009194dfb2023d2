import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { type DomainEvent, parseBusEvent } from "@bbws/contracts";
import {
  awsSdkRetrySettings,
  createEventBridgePublisher,
  createJsonLogger,
  DYNAMODB_RETRY_SETTINGS,
  type EventPublisher,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import type { DynamoDBRecord } from "aws-lambda";
import { z } from "zod";
import { createDynamoLedgerStore } from "../adapters/dynamo/createDynamoLedgerStore.ts";
import type { LedgerStore } from "../ports.ts";

/**
 * The outbox relay's composition root (the AWS twin of `relayOutbox`): the EventBridge Pipe
 * on the ledger table's stream hands it the new outbox items; it publishes their events and
 * deletes the items. Reads only BBWS_LEDGER_TABLE and BBWS_BUS_NAME.
 */
const RelayConfigSchema = z.object({
  BBWS_LEDGER_TABLE: z.string().min(1),
  BBWS_BUS_NAME: z.string().min(1),
});
export type RelayLambdaConfig = z.infer<typeof RelayConfigSchema>;

export function loadRelayConfig(env: Readonly<Record<string, string | undefined>>): RelayLambdaConfig {
  return loadLambdaConfig("outbox relay", RelayConfigSchema, env);
}

/** What the Pipe invokes the function with: the batch of (filtered) stream records. */
export type OutboxRelayHandler = (records: readonly DynamoDBRecord[]) => Promise<{ published: number }>;

/**
 * Publish, then delete: a crash in between republishes (at-least-once; every consumer
 * drops a repeated eventId). A throw fails the whole batch; the Pipe halves it and retries,
 * so one bad item ends in the Pipe's DLQ alone.
 */
export function createOutboxRelayHandler(deps: {
  publisher: EventPublisher;
  store: Pick<LedgerStore, "markPublished">;
  logger: Logger;
}): OutboxRelayHandler {
  return async (records) => {
    const events = records.map(outboxEventOf).filter((event): event is DomainEvent => event !== null);
    if (events.length === 0) return { published: 0 };
    await deps.publisher.publish(events);
    await deps.store.markPublished(events.map((event) => event.detail.meta.eventId));
    deps.logger.info("outbox relayed", { published: events.length });
    return { published: events.length };
  };
}

/** The Pipe's filter already keeps outbox INSERTs only; anything else is skipped, not failed. */
function outboxEventOf(record: DynamoDBRecord): DomainEvent | null {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || image?.sk?.S !== "OUTBOX") return null;
  const text = image.event?.S;
  if (!text) throw new Error(`outbox item ${image.pk?.S ?? "(no pk)"} holds no event`);
  return parseBusEvent(JSON.parse(text));
}

/** `overrides` are for tests: no sleeping through PutEvents retries, no log lines. */
export function createOutboxRelayLambda(
  config: RelayLambdaConfig,
  overrides: { sleep?: (ms: number) => Promise<void>; logger?: Logger } = {},
): OutboxRelayHandler {
  const logger = overrides.logger ?? createJsonLogger({ fields: { consumer: "outbox-relay" } });
  return createOutboxRelayHandler({
    publisher: createEventBridgePublisher({
      client: new EventBridgeClient({ ...awsSdkRetrySettings() }),
      eventBusName: config.BBWS_BUS_NAME,
      logger,
      ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    }),
    store: createDynamoLedgerStore({
      client: new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS }),
      tableName: config.BBWS_LEDGER_TABLE,
    }),
    logger,
  });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function outboxRelayFromEnvironment(): OutboxRelayHandler {
  return createOutboxRelayLambda(loadRelayConfig(process.env));
}
