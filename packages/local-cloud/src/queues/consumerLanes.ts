export interface ConsumerLanesOptions<M> {
  /** Batches handled at once, at most (Lambda's concurrent invocations of one consumer). */
  readonly concurrency: number;
  /** Messages per batch, at most. */
  readonly batchSize: number;
  /** Messages of one lane are handled in order, one batch at a time; lanes run side by side. */
  readonly laneOf: (message: M) => string;
  /** Handles one batch and settles its messages; must not reject. */
  readonly run: (batch: readonly M[]) => Promise<void>;
}

export interface ConsumerLanes<M> {
  /** Queues the messages behind their lanes and starts every batch the concurrency allows. */
  add(messages: readonly M[]): void;
  /** Messages taken and not settled yet: waiting in a lane or in a running batch. */
  held(): number;
  /** Resolves when a running batch settles. */
  settled(): Promise<void>;
  /** Starts nothing more, waits for the running batches; resolves to the messages never started. */
  stop(): Promise<M[]>;
}

/**
 * A consumer's messages in lanes (one per instance): a lane's batches run one after the other, in
 * the order their messages arrived, and up to `concurrency` lanes run at once. So two deliveries
 * for one instance never race each other (the executor would turn the second into a retry with
 * backoff), while different instances proceed in parallel.
 */
export function createConsumerLanes<M>(options: ConsumerLanesOptions<M>): ConsumerLanes<M> {
  const { concurrency, batchSize, laneOf } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  /** Messages not started yet, per lane; Map order is the order lanes got work. */
  const waiting = new Map<string, M[]>();
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  let waiters: (() => void)[] = [];
  let held = 0;
  let stopped = false;

  function startNext(): void {
    for (const [lane, messages] of waiting) {
      if (stopped || busy.size >= concurrency) return;
      if (busy.has(lane)) continue;
      const batch = messages.splice(0, batchSize);
      if (messages.length === 0) waiting.delete(lane);
      start(lane, batch);
    }
  }

  function start(lane: string, batch: readonly M[]): void {
    busy.add(lane);
    const done: Promise<void> = options
      .run(batch)
      .catch(() => undefined)
      .then(() => {
        busy.delete(lane);
        running.delete(done);
        held -= batch.length;
        startNext();
        const woken = waiters;
        waiters = [];
        for (const wake of woken) wake();
      });
    running.add(done);
  }

  return {
    add(messages) {
      for (const message of messages) {
        const lane = laneOf(message);
        const queued = waiting.get(lane);
        if (queued) queued.push(message);
        else waiting.set(lane, [message]);
        held += 1;
      }
      startNext();
    },
    held: () => held,
    settled: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async stop() {
      stopped = true;
      while (running.size > 0) await Promise.all(running);
      const unstarted = [...waiting.values()].flat();
      waiting.clear();
      held -= unstarted.length;
      return unstarted;
    },
  };
}
