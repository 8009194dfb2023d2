import type { Logger } from "@bbws/mesh";
import type { ExtraBusTarget } from "../bus/localBus.ts";
import { createLocalConsumerRunner, type LocalConsumerRunner } from "../queues/localConsumerRunner.ts";
import { createLocalQueue } from "../queues/localQueue.ts";
import type { QueueStore } from "../queues/queueStore.ts";
import { createHttpTargetHandler, type HttpDelivery } from "./createHttpTargetHandler.ts";
import { type HttpSubscriber, patternOf } from "./httpSubscriber.ts";

export interface HttpSubscribersOptions {
  readonly subscribers: readonly HttpSubscriber[];
  readonly queueStore: (queueName: string) => QueueStore;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  readonly report?: (delivery: HttpDelivery) => void;
  /** Attempts before a delivery goes to the subscriber's dead-letter queue. */
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface HttpSubscribers {
  /** One bus rule per subscriber, targeting its delivery queue. */
  readonly targets: readonly ExtraBusTarget[];
  readonly runners: readonly LocalConsumerRunner[];
}

/**
 * Each subscriber as EventBridge runs an API destination target: the rule puts the event on a durable
 * delivery queue (with a DLQ), a runner POSTs it and retries a failure with exponential backoff.
 */
export function createHttpSubscribers(options: HttpSubscribersOptions): HttpSubscribers {
  const { clock, newId } = options;
  const made = options.subscribers.map((subscriber) => {
    const queueName = `http-${subscriber.name}`;
    const deadLetter = createLocalQueue({
      name: `${queueName}-dlq`,
      store: options.queueStore(`${queueName}-dlq`),
      clock,
      newId,
    });
    const queue = createLocalQueue({
      name: queueName,
      store: options.queueStore(queueName),
      clock,
      newId,
      maxReceiveCount: options.maxAttempts ?? 8,
      deadLetter,
      visibilityTimeoutMs: 30_000,
    });
    const handler = createHttpTargetHandler({
      subscriber,
      fetch: options.fetch,
      logger: options.logger,
      ...(options.report ? { report: options.report } : {}),
    });
    const runner = createLocalConsumerRunner({
      consumer: queueName,
      queue,
      handler,
      clock,
      logger: options.logger,
      batchSize: 1,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      newId,
    });
    return { target: { name: subscriber.name, pattern: patternOf(subscriber), queue }, runner };
  });
  return { targets: made.map((m) => m.target), runners: made.map((m) => m.runner) };
}
