import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import type { Logger } from "@bbws/mesh";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createConsumerLanes } from "./consumerLanes.ts";
import type { LocalQueue, ReceivedMessage } from "./localQueue.ts";
import type { LocalRecordVisibility } from "./localRecordVisibility.ts";
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
  /**
   * Handler invocations at once while started (Lambda's concurrent invocations), each with the
   * messages of one lane. Default: DEFAULT_CONSUMER_CONCURRENCY.
   */
  readonly concurrency?: number;
  /** The lane of a message: one lane's messages are handled in order. Default: its instance. */
  readonly laneOf?: (message: ReceivedMessage) => string;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /**
   * What the handler hid itself (a record whose error said when to look again): such a record keeps
   * the visibility the handler set, not the backoff, as SQS keeps a ChangeMessageVisibility.
   */
  readonly visibility?: LocalRecordVisibility;
  /** The longest wait on an empty queue (a message sent meanwhile ends it: SQS long polling). */
  readonly idleWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly newId?: () => string;
  readonly region?: string;
}

export interface LocalConsumerRunner {
  /**
   * One invocation, as one Lambda's: receives one batch, invokes the handler with it, settles every
   * record; resolves to the batch size. For tests and benchmarks that step the mesh themselves.
   */
  pollOnce(): Promise<number>;
  /** Polls until stopped, with up to `concurrency` invocations at once, one lane each. */
  start(): void;
  /** Resolves once the running invocations have settled; messages taken but not started go back. */
  stop(): Promise<void>;
}

/**
 * Invocations at once per consumer, by default: twice the cores. A handler mostly waits (on php,
 * MariaDB, DynamoDB Local), so the cores stay busy with two per core, and a few more would only
 * queue on them.
 */
export const DEFAULT_CONSUMER_CONCURRENCY = 2 * availableParallelism();

/** Lambda's SQS event source mapping with ReportBatchItemFailures, on one machine. */
export function createLocalConsumerRunner(options: LocalConsumerRunnerOptions): LocalConsumerRunner {
  const { consumer, queue, handler, clock, logger } = options;
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? DEFAULT_CONSUMER_CONCURRENCY;
  const laneOf = options.laneOf ?? instanceLaneOf;
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

  /**
   * Deletes what succeeded; a failure becomes visible again when the handler said (it hid the
   * record), else after an exponential backoff (the stand-in for the queue's visibility timeout).
   */
  function settle(messages: readonly ReceivedMessage[], failed: ReadonlySet<string>): void {
    for (const message of messages) {
      const hidden = options.visibility?.takeHidden(message.receiptHandle) ?? false;
      if (failed.has(message.messageId) && hidden) {
        log.info("message failed; back when the handler asked", { messageId: message.messageId });
      } else if (failed.has(message.messageId)) {
        const delayMs = Math.min(retryBaseMs * 2 ** (message.receiveCount - 1), retryMaxMs);
        queue.changeVisibility(message.receiptHandle, delayMs);
        log.warn("message failed; retrying after backoff", { messageId: message.messageId, delayMs });
      } else {
        queue.delete(message.receiptHandle);
      }
    }
  }

  async function pollOnce(): Promise<number> {
    const messages = queue.receive(batchSize);
    if (messages.length === 0) return 0;
    settle(messages, await invoke(messages));
    return messages.length;
  }

  // Lambda's pollers hold a few batches per concurrent invocation; so do we, no more.
  const capacity = concurrency * batchSize;
  const newLanes = () =>
    createConsumerLanes<ReceivedMessage>({
      concurrency,
      batchSize,
      laneOf,
      run: async (batch) => settle(batch, await invoke(batch)),
    });
  let lanes = newLanes();

  /** Ends the current wait on an empty queue (stop() calls it too). */
  let endWait = () => {};

  /** Until the wait runs out, a message arrives, or the runner stops. */
  function waitForMessages(): Promise<void> {
    return new Promise((resolve) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        stopListening();
        resolve();
      };
      const stopListening = queue.onMessage(end);
      endWait = end;
      void sleep(idleWaitMs).then(end);
    });
  }

  async function run(): Promise<void> {
    while (running) {
      const room = Math.min(batchSize, capacity - lanes.held());
      if (room < 1) {
        await lanes.settled();
        continue;
      }
      try {
        const messages = queue.receive(room);
        if (messages.length > 0) {
          lanes.add(messages);
          continue;
        }
      } catch (error) {
        log.error("poll failed", { error });
      }
      await waitForMessages();
    }
  }

  return {
    pollOnce,
    start() {
      if (loop !== null) return;
      running = true;
      lanes = newLanes();
      loop = run();
    },
    async stop() {
      running = false;
      endWait();
      await loop;
      loop = null;
      // Visible again at once, as after a consumer's crash but without the visibility timeout.
      for (const message of await lanes.stop()) queue.changeVisibility(message.receiptHandle, 0);
    },
  };
}

/** The instance a bus event is about (detail.meta.instanceId); else the message is a lane of its own. */
export function instanceLaneOf(message: ReceivedMessage): string {
  try {
    const instanceId = (JSON.parse(message.body) as { detail?: { meta?: { instanceId?: unknown } } }).detail
      ?.meta?.instanceId;
    if (typeof instanceId === "string") return `instance:${instanceId}`;
  } catch {
    // Not JSON: a poison message, handled (and failed) alone.
  }
  return `message:${message.messageId}`;
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
