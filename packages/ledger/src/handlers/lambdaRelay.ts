import { type OutboxRelayHandler, outboxRelayFromEnvironment } from "./depsRelay.ts";

let built: OutboxRelayHandler | undefined;

/**
 * The outbox relay's Lambda entry point: the target of the EventBridge Pipe that reads the
 * ledger table's stream (filtered to new outbox items) and passes each batch as an array.
 */
export const handler: OutboxRelayHandler = (records) => {
  built ??= outboxRelayFromEnvironment();
  return built(records);
};
