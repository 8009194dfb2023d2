import type { SqsEventHandler } from "@bbws/mesh";
import { identityHandlerFromEnvironment } from "./deps.ts";

let built: SqsEventHandler | undefined;

/**
 * The identity consumer's Lambda entry point (SQS event source, partial batch responses).
 * Its dependencies are built on the first invocation and kept for the container's life,
 * so clients, credentials and the Cognito rate limiter are shared by every batch.
 */
export const handler: SqsEventHandler = (event, context) => {
  built ??= identityHandlerFromEnvironment();
  return built(event, context);
};
