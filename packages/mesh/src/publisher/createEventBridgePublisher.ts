import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResponse,
} from "@aws-sdk/client-eventbridge";
import type { BusEvent } from "@bbws/contracts";
import { type Logger, silentLogger } from "../logger.ts";
import { entrySize, MAX_ENTRY_BYTES } from "./entrySize.ts";
import { type EventPublisher, type FailedEntry, PublishError } from "./eventPublisher.ts";

// PutEvents quotas: at most 10 entries per call, 256 KB per entry and per request.
const MAX_ENTRIES_PER_CALL = 10;
// Per the PutEventsResultEntry docs these never succeed on retry; anything else (InternalFailure,
// ThrottlingException, codes we do not know) is retried.
const PERMANENT_ERROR_CODES = new Set([
  "AccessDeniedException",
  "InvalidAccountIdException",
  "InvalidArgument",
  "MalformedDetail",
  "RedactionFailure",
  "NotAuthorizedForSourceException",
  "NotAuthorizedForDetailTypeException",
]);

export interface EventBridgePublisherOptions {
  client: EventBridgeClient;
  eventBusName: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

interface Pending {
  readonly eventId: string;
  readonly entry: PutEventsRequestEntry;
  readonly bytes: number;
}

interface Outcome {
  readonly retry: readonly Pending[];
  readonly failures: readonly FailedEntry[];
  readonly permanent: readonly FailedEntry[];
  readonly cause?: unknown;
}

export function createEventBridgePublisher(options: EventBridgePublisherOptions): EventPublisher {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;

  async function sendOnce(pending: readonly Pending[]): Promise<Outcome> {
    try {
      const response = await options.client.send(
        new PutEventsCommand({ Entries: pending.map((p) => p.entry) }),
      );
      return classify(pending, response);
    } catch (error) {
      // A thrown call has had the SDK client's retries already (awsSdkRetrySettings()): not
      // retried here too; the caller's message goes back to SQS. Only entries a 200 dropped are.
      const failures = pending.map((p) => callFailure(p.eventId, error));
      return { retry: [], failures, permanent: [], cause: error };
    }
  }

  async function sendWithRetry(batch: readonly Pending[]): Promise<Outcome> {
    const permanent: FailedEntry[] = [];
    let outcome = await sendOnce(batch);
    permanent.push(...outcome.permanent);
    for (let attempt = 1; attempt < maxAttempts && outcome.retry.length > 0; attempt++) {
      // Full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
      const delayMs = baseDelayMs * 2 ** (attempt - 1) * random();
      logger.warn("PutEvents entries failed, retrying", {
        attempt,
        failed: outcome.failures.map((f) => ({ eventId: f.eventId, errorCode: f.errorCode })),
        delayMs,
      });
      await sleep(delayMs);
      outcome = await sendOnce(outcome.retry);
      permanent.push(...outcome.permanent);
    }
    return { ...outcome, permanent };
  }

  return {
    async publish(events) {
      const pending = events.map((event) => toPending(event, options.eventBusName));
      const oversized = pending.filter((p) => p.bytes > MAX_ENTRY_BYTES).map(tooLarge);
      if (oversized.length > 0) throw new PublishError(oversized);
      const failures: FailedEntry[] = [];
      let cause: unknown;
      for (const batch of chunk(pending)) {
        const outcome = await sendWithRetry(batch);
        failures.push(...outcome.permanent, ...outcome.failures);
        cause = outcome.cause ?? cause;
      }
      if (failures.length > 0) throw new PublishError(failures, { cause });
    },
  };
}

function toPending(event: BusEvent, eventBusName: string): Pending {
  const meta = metaOf(event.detail);
  const time = typeof meta.occurredAt === "string" ? new Date(meta.occurredAt) : undefined;
  const entry: PutEventsRequestEntry = {
    Source: event.source,
    DetailType: event["detail-type"],
    Detail: JSON.stringify(event.detail),
    EventBusName: eventBusName,
    ...(time && !Number.isNaN(time.getTime()) ? { Time: time } : {}),
  };
  const eventId = typeof meta.eventId === "string" ? meta.eventId : "(no eventId)";
  return { eventId, entry, bytes: sizeOfEntry(entry) };
}

function metaOf(detail: unknown): { eventId?: unknown; occurredAt?: unknown } {
  const meta = (detail as { meta?: unknown } | null | undefined)?.meta;
  return typeof meta === "object" && meta !== null ? meta : {};
}

/** EventBridge's own formula (eb-putevent-size.html): EventBusName is not counted, Time is 14 bytes. */
function sizeOfEntry(entry: PutEventsRequestEntry): number {
  return entrySize({
    source: entry.Source,
    detailType: entry.DetailType,
    detail: entry.Detail,
    resources: entry.Resources,
    hasTime: entry.Time !== undefined,
  });
}

function chunk(pending: readonly Pending[]): Pending[][] {
  const chunks: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const item of pending) {
    const full = current.length === MAX_ENTRIES_PER_CALL || bytes + item.bytes > MAX_ENTRY_BYTES;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// A 200 answer may still reject entries: `Entries` is positional, failed ones carry ErrorCode instead of EventId.
function classify(pending: readonly Pending[], response: PutEventsResponse): Outcome {
  const retry: Pending[] = [];
  const failures: FailedEntry[] = [];
  const permanent: FailedEntry[] = [];
  if (!response.FailedEntryCount) return { retry, failures, permanent };
  pending.forEach((item, index) => {
    const result = response.Entries?.[index];
    if (result?.EventId && !result.ErrorCode) return;
    const failure: FailedEntry = {
      eventId: item.eventId,
      errorCode: result?.ErrorCode ?? "Unknown",
      errorMessage: result?.ErrorMessage ?? "no result entry returned",
    };
    if (PERMANENT_ERROR_CODES.has(failure.errorCode)) {
      permanent.push(failure);
    } else {
      retry.push(item);
      failures.push(failure);
    }
  });
  return { retry, failures, permanent };
}

function callFailure(eventId: string, error: unknown): FailedEntry {
  const errorCode = error instanceof Error ? error.name : "Error";
  const errorMessage = error instanceof Error ? error.message : String(error);
  return { eventId, errorCode, errorMessage };
}

function tooLarge(item: Pending): FailedEntry {
  return {
    eventId: item.eventId,
    errorCode: "EntryTooLarge",
    errorMessage: `entry is ${item.bytes} bytes, PutEvents accepts at most ${MAX_ENTRY_BYTES}`,
  };
}
