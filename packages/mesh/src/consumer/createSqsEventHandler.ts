import {
  type DomainEvent,
  EventValidationError,
  type FieldIssue,
  instanceIdOf,
  parseBusEvent,
  UnknownEventError,
} from "@bbws/contracts";
import middy from "@middy/core";
import sqsPartialBatchFailure from "@middy/sqs-partial-batch-failure";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type Logger, silentLogger } from "../logger.ts";
import { type RecordVisibility, retryAfterSecondsOf } from "./retryAfter.ts";

export interface RecordContext {
  /** `ApproximateReceiveCount`: 1 on first delivery; the queue sends it to the DLQ after maxReceiveCount. */
  readonly receiveCount: number;
  readonly messageId: string;
}

export type HandleEvent = (event: DomainEvent, context: RecordContext) => Promise<void>;

export type SqsEventHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface SqsEventHandlerOptions {
  consumer: string;
  handle: HandleEvent;
  logger?: Logger;
  now?: () => number;
  /** Hides a record whose error said when to look again (retryAfter.ts); without it, the queue's timeout applies. */
  visibility?: RecordVisibility;
}

/** A record that can never be handled; it is failed so that SQS moves it to the DLQ. */
export class PoisonMessageError extends Error {
  readonly code = "MESH.POISON_MESSAGE";
  readonly issues: readonly FieldIssue[];
  constructor(messageId: string, issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    super(
      `poison message ${messageId}: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
      options,
    );
    this.name = "PoisonMessageError";
    this.issues = issues;
  }
}

/** How soon a poison record comes back (with a visibility port), so that it dead-letters fast. */
export const POISON_RETRY_SECONDS = 1;

// The middleware logs every rejected record with console.error by default; we log them ourselves.
const ignoreRejection = (): void => undefined;

export function createSqsEventHandler(options: SqsEventHandlerOptions): SqsEventHandler {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => performance.now());

  async function handleRecord(record: SQSRecord): Promise<void> {
    const context = {
      receiveCount: Number(record.attributes.ApproximateReceiveCount),
      messageId: record.messageId,
    };
    let event: DomainEvent;
    try {
      event = parseRecord(record, context, logger);
    } catch (error) {
      // It fails the same way on every receive, so it comes back at once and reaches the DLQ after
      // the queue's receives in minutes, not after receives × the visibility timeout (compute's
      // queue allows hundreds of receives for its waits: that would be a day).
      await hide(record, POISON_RETRY_SECONDS, { consumer: options.consumer, ...context });
      throw error;
    }
    const fields = {
      consumer: options.consumer,
      detailType: event["detail-type"],
      eventId: event.detail.meta.eventId,
      instanceId: instanceIdOf(event),
      correlationId: event.detail.meta.correlationId,
      messageId: record.messageId,
      receiveCount: context.receiveCount,
    };
    const startedAt = now();
    try {
      await options.handle(event, context);
      logger.info("event handled", { ...fields, durationMs: now() - startedAt });
    } catch (error) {
      const retryAfterSeconds = retryAfterSecondsOf(error);
      logger.warn("event handling failed", {
        ...fields,
        durationMs: now() - startedAt,
        error: errorFields(error),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      if (retryAfterSeconds !== undefined) await hide(record, retryAfterSeconds, fields);
      throw error;
    }
  }

  /** Best effort: a record that could not be hidden still fails, and comes back after the queue's timeout. */
  async function hide(record: SQSRecord, seconds: number, fields: Record<string, unknown>): Promise<void> {
    if (!options.visibility) return;
    try {
      await options.visibility.hide(record, seconds);
    } catch (error) {
      logger.warn("could not change the record's visibility: it comes back after the queue's timeout", {
        ...fields,
        retryAfterSeconds: seconds,
        error: errorFields(error),
      });
    }
  }

  // Sequential on purpose: records of one instance often share a batch, and handling them in order
  // avoids needless version conflicts. The results keep the shape of Promise.allSettled, which is
  // what the middleware maps (by index) to batchItemFailures.
  async function handleBatch(event: SQSEvent): Promise<PromiseSettledResult<void>[]> {
    const results: PromiseSettledResult<void>[] = [];
    for (const record of event.Records) {
      try {
        await handleRecord(record);
        results.push({ status: "fulfilled", value: undefined });
      } catch (reason) {
        results.push({ status: "rejected", reason });
      }
    }
    return results;
  }

  const handler = middy(handleBatch).use(sqsPartialBatchFailure({ logger: ignoreRejection }));
  // The middleware replaces the settled results with the SQSBatchResponse; middy's types cannot express that.
  return handler as unknown as SqsEventHandler;
}

function parseRecord(record: SQSRecord, context: RecordContext, logger: Logger): DomainEvent {
  try {
    return parseBusEvent(JSON.parse(record.body));
  } catch (error) {
    const issues = issuesOf(error);
    logger.error("poison message", {
      poison: true,
      messageId: context.messageId,
      receiveCount: context.receiveCount,
      issues,
    });
    throw new PoisonMessageError(context.messageId, issues, { cause: error });
  }
}

function issuesOf(error: unknown): readonly FieldIssue[] {
  if (error instanceof EventValidationError) return error.issues;
  if (error instanceof SyntaxError) return [{ field: "(body)", message: `not JSON: ${error.message}` }];
  if (error instanceof UnknownEventError) return [{ field: "detail-type", message: error.message }];
  return [{ field: "(event)", message: error instanceof Error ? error.message : String(error) }];
}

function errorFields(error: unknown): { name: string; code?: unknown; message: string } {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(code === undefined ? {} : { code }), message: error.message };
}
