import type { SqsEventHandler } from "@bbws/mesh";
import { routingHandlerFromEnvironment } from "./deps.ts";

let built: SqsEventHandler | undefined;

/**
 * The routing consumer's Lambda entry point (SQS event source, partial batch responses).
 * Dependencies are built on the first invocation and kept for the container's life.
 */
export const handler: SqsEventHandler = (event, context) => {
  built ??= routingHandlerFromEnvironment();
  return built(event, context);
};
