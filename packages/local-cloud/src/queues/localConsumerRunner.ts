import { randomUUID } from "node:crypto";
import type { Logger } from "@bbws/mesh";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { LocalQueue, ReceivedMessage } from "./localQueue.ts";
import { createLambdaContext, toSqsEvent } from "./sqsEvent.ts";

// biome-ignore lint/suspicious/noConfusingVoidType: a Lambda SQS handler may resolve to nothing (no failures).
export type LocalSqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface LocalConsumerRunnerOptions {
  readonly consumer: string;
  readonly queue: LocalQueue;
  readonly handler: LocalSqsHandler;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Wait between polls of an empty queue. */
  readonly idleWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly newId?: () => string;
  readonly region?: string;
}

export interface LocalConsumerRunner {
  /** Receives one batch, invokes the handler, settles every record; resolves to the batch size. */
  pollOnce(): Promise<number>;
  start(): void;
  /** Resolves once the loop has finished its current poll. */
  stop(): Promise<void>;
}

/** Lambda's SQS event source mapping with ReportBatchItemFailures, on one machine. */
export function createLocalConsumerRunner(options: LocalConsumerRunnerOptions): LocalConsumerRunner {
  const { consumer, queue, handler, clock, logger } = options;
  const batchSize = options.batchSize ?? 10;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const idleWaitMs = options.idleWaitMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const newId = options.newId ?? randomUUID;
  const region = options.region ?? "local";
  const log = logger.child({ consumer, queue: queue.name });
  let running = false;
  let loop: Promise<void> | null = null;

  queue.onDeadLetter((notice) => log.warn("message moved to the dead-letter queue", { ...notice }));

  async function invoke(messages: readonly ReceivedMessage[]): Promise<Set<string>> {
    const event = toSqsEvent(messages, { queueName: queue.name, region });
    const context = createLambdaContext({
      functionName: `local-${consumer}`,
      region,
      requestId: newId(),
      clock,
    });
    const batch = new Set(messages.map((message) => message.messageId));
    try {
      const response = await handler(event, context);
      return failedIds(response ?? undefined, batch);
    } catch (error) {
      log.error("handler threw; the whole batch will be retried", { error, messageIds: [...batch] });
      return batch;
    }
  }

  async function pollOnce(): Promise<number> {
    const messages = queue.receive(batchSize);
    if (messages.length === 0) return 0;
    const failed = await invoke(messages);
    for (const message of messages) {
      if (failed.has(message.messageId)) {
        const delayMs = Math.min(retryBaseMs * 2 ** (message.receiveCount - 1), retryMaxMs);
        queue.changeVisibility(message.receiptHandle, delayMs);
        log.warn("message failed; retrying after backoff", { messageId: message.messageId, delayMs });
      } else {
        queue.delete(message.receiptHandle);
      }
    }
    return messages.length;
  }

  async function run(): Promise<void> {
    while (running) {
      const processed = await pollOnce().catch((error: unknown) => {
        log.error("poll failed", { error });
        return 0;
      });
      if (processed === 0 && running) await sleep(idleWaitMs);
    }
  }

  return {
    pollOnce,
    start() {
      if (loop !== null) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      await loop;
      loop = null;
    },
  };
}

/**
 * Records to retry, from a partial batch response. As Lambda does, a missing or unknown itemIdentifier
 * fails the whole batch; no response, or no batchItemFailures, means every record succeeded.
 */
export function failedIds(response: SQSBatchResponse | undefined, batch: ReadonlySet<string>): Set<string> {
  const failed = new Set<string>();
  for (const failure of response?.batchItemFailures ?? []) {
    const id = failure?.itemIdentifier;
    if (typeof id !== "string" || !batch.has(id)) return new Set(batch);
    failed.add(id);
  }
  return failed;
}
