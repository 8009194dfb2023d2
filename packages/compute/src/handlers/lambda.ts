import type { SqsEventHandler } from "@bbws/mesh";
import { computeHandlerFromEnvironment } from "./deps.ts";

let built: SqsEventHandler | undefined;

/**
 * The compute consumer's Lambda entry point (SQS event source, partial batch responses).
 * Dependencies are built on the first invocation and kept for the container's life, so the
 * Fargate launch limiter is shared by every batch this container handles.
 */
export const handler: SqsEventHandler = (event, context) => {
  built ??= computeHandlerFromEnvironment();
  return built(event, context);
};
