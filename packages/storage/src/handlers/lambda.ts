import type { SqsEventHandler } from "@bbws/mesh";
import { storageHandlerFromEnvironment } from "./deps.ts";

let built: SqsEventHandler | undefined;

/**
 * The storage consumer's Lambda entry point (SQS event source, partial batch responses).
 * Dependencies, including the RDS admin pool, are built once per container and kept.
 */
export const handler: SqsEventHandler = (event, context) => {
  built ??= storageHandlerFromEnvironment();
  return built(event, context);
};
