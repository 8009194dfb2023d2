import type { BusEvent, Consumer, EventPatternJson, Subscription } from "@bbws/contracts";
import { type EventPublisher, entrySize, type FailedEntry, MAX_ENTRY_BYTES, PublishError } from "@bbws/mesh";
import type { EventBridgeEvent } from "aws-lambda";
import { InvalidEventPatternError, matchEventPattern, validateEventPattern } from "../matchEventPattern.ts";
import type { LocalQueue } from "../queues/localQueue.ts";
import type { EventArchive } from "./eventArchive.ts";

/** The event as EventBridge delivers it to a target, and as rule patterns see it. */
export type DeliveredEvent = EventBridgeEvent<string, unknown>;

/** A rule whose target is not a consumer's queue: an HTTP subscriber's delivery queue. */
export interface ExtraBusTarget {
  readonly name: string;
  readonly pattern: EventPatternJson;
  readonly queue: LocalQueue;
}

export interface LocalBusOptions {
  readonly subscriptions: readonly Subscription[];
  readonly queues: Readonly<Partial<Record<Consumer, LocalQueue>>>;
  readonly extraTargets?: readonly ExtraBusTarget[];
  readonly archive: EventArchive;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly account?: string;
  readonly region?: string;
}

/**
 * The local EventBridge bus: archives each event, then sends it to the queue of every subscription whose
 * pattern matches. Like AWS, each matching rule delivers, so two matching rules of one consumer deliver
 * twice; the subscription table keeps a consumer's rules disjoint.
 */
export function createLocalBus(options: LocalBusOptions): EventPublisher {
  const { subscriptions, archive, clock, newId } = options;
  const account = options.account ?? "000000000000";
  const region = options.region ?? "local";
  const targets = [
    ...subscriptions.map((subscription) => ({
      pattern: subscription.pattern,
      queue: queueOf(subscription, options),
    })),
    ...(options.extraTargets ?? []).map(checked),
  ];

  function deliver(event: BusEvent): void {
    const now = clock();
    // An archive's managed rule excludes replayed events, so a replay is never archived again.
    if (event["replay-name"] === undefined) archive.append(event, now);
    const delivered = toDeliveredEvent(event, { id: newId(), now, account, region });
    const body = JSON.stringify(delivered);
    for (const { pattern, queue } of targets) {
      if (matchEventPattern(pattern, delivered)) queue.send(body);
    }
  }

  return {
    async publish(events) {
      const oversized = events.filter((event) => sizeOf(event) > MAX_ENTRY_BYTES).map(tooLarge);
      if (oversized.length > 0) throw new PublishError(oversized);
      const failures: FailedEntry[] = [];
      let cause: unknown;
      for (const event of events) {
        try {
          deliver(event);
        } catch (error) {
          failures.push(failureOf(event, error));
          cause = error;
        }
      }
      if (failures.length > 0) throw new PublishError(failures, { cause });
    },
  };
}

/** The subscriptions whose pattern matches the delivered event, in table order. */
export function matchingSubscriptions(
  subscriptions: readonly Subscription[],
  event: DeliveredEvent,
): Subscription[] {
  return subscriptions.filter((subscription) => matchEventPattern(subscription.pattern, event));
}

/**
 * The EventBridge event for a published BusEvent, keys in the order EventBridge writes them. `time` is
 * `detail.meta.occurredAt` when present, as the AWS publisher sends it as the PutEvents `Time`.
 */
export function toDeliveredEvent(
  event: BusEvent,
  context: { id: string; now: number; account: string; region: string },
): DeliveredEvent {
  return {
    version: "0",
    id: context.id,
    "detail-type": event["detail-type"],
    source: event.source,
    account: context.account,
    time: secondsPrecision(occurredAtOf(event) ?? context.now),
    region: context.region,
    resources: [],
    detail: event.detail,
    ...(event["replay-name"] === undefined ? {} : { "replay-name": event["replay-name"] }),
  };
}

function checked(target: ExtraBusTarget): ExtraBusTarget {
  const problems = validateEventPattern(target.pattern);
  if (problems.length > 0) throw new InvalidEventPatternError(problems);
  return target;
}

function queueOf(subscription: Subscription, options: LocalBusOptions): LocalQueue {
  const problems = validateEventPattern(subscription.pattern);
  if (problems.length > 0) throw new InvalidEventPatternError(problems);
  const queue = options.queues[subscription.consumer];
  if (queue === undefined) {
    throw new Error(`subscription ${subscription.name} targets ${subscription.consumer}, which has no queue`);
  }
  return queue;
}

// EventBridge writes `time` to the second: 2026-11-22T10:00:00Z.
function secondsPrecision(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function metaOf(event: BusEvent): { eventId?: unknown; occurredAt?: unknown } {
  const meta = (event.detail as { meta?: unknown } | null | undefined)?.meta;
  return typeof meta === "object" && meta !== null ? meta : {};
}

function occurredAtOf(event: BusEvent): number | undefined {
  const { occurredAt } = metaOf(event);
  const epochMs = typeof occurredAt === "string" ? Date.parse(occurredAt) : Number.NaN;
  return Number.isNaN(epochMs) ? undefined : epochMs;
}

function eventIdOf(event: BusEvent): string {
  const { eventId } = metaOf(event);
  return typeof eventId === "string" ? eventId : "(no eventId)";
}

// EventBridge's entry-size formula (eb-putevent-size.html): UTF-8 bytes of Source, DetailType and
// Detail, plus 14 bytes for Time; the AWS publisher rejects larger events before calling PutEvents.
function sizeOf(event: BusEvent): number {
  return entrySize({
    source: event.source,
    detailType: event["detail-type"],
    detail: JSON.stringify(event.detail),
    hasTime: occurredAtOf(event) !== undefined,
  });
}

function tooLarge(event: BusEvent): FailedEntry {
  const message = `entry is ${sizeOf(event)} bytes, PutEvents accepts at most ${MAX_ENTRY_BYTES}`;
  return { eventId: eventIdOf(event), errorCode: "EntryTooLarge", errorMessage: message };
}

function failureOf(event: BusEvent, error: unknown): FailedEntry {
  const errorCode = error instanceof Error ? error.name : "Error";
  const errorMessage = error instanceof Error ? error.message : String(error);
  return { eventId: eventIdOf(event), errorCode, errorMessage };
}
