import type { OutboxEntry } from "@bbws/ledger";
import type { Logger } from "@bbws/mesh";

export interface RelayPump {
  /**
   * A commit queued these outbox entries: publish them now (or right after the relay running
   * now). Without entries: look in the outbox for what no commit handed over.
   */
  kick(entries?: readonly OutboxEntry[]): void;
  /** Stops the fallback timer and waits for the relay in flight. */
  stop(): Promise<void>;
}

/**
 * The local outbox relay, pushed like DynamoDB Streams: a ledger commit that queued events hands
 * them over, and they are published (then marked published) without a query of the outbox, so a
 * hop of the saga waits for no poll and no read. The fallback timer queries the outbox for what
 * no commit handed over (an outbox a crash left behind, a publish that failed; the first tick
 * runs at once). One relay at a time keeps the order: a pass publishes what its query found
 * (oldest first), then what commits handed over since the last pass, each entry once. An entry a
 * query published before its commit's hand-off arrived goes out twice: at-least-once, as ever.
 */
export function createRelayPump(input: {
  /** The outbox's pending entries, oldest first. */
  pending: () => Promise<readonly OutboxEntry[]>;
  /** Publishes the entries, then marks them published. */
  publish: (entries: readonly OutboxEntry[]) => Promise<void>;
  logger: Logger;
  fallbackMs: number;
}): RelayPump {
  let running: Promise<void> | undefined;
  let handedOver: OutboxEntry[] = [];
  let queryWanted = false;
  let stopped = false;

  /** What the next pass publishes: the query's entries, then the handed-over ones it did not find. */
  async function nextBatch(): Promise<readonly OutboxEntry[]> {
    // Cleared first: a query that fails waits for the next kick or tick, not a loop of retries.
    const query = queryWanted;
    queryWanted = false;
    const found = query ? await input.pending() : [];
    const foundIds = new Set(found.map((entry) => entry.eventId));
    const rest = handedOver.filter((entry) => !foundIds.has(entry.eventId));
    handedOver = [];
    return [...found, ...rest];
  }

  async function drain(): Promise<void> {
    while ((queryWanted || handedOver.length > 0) && !stopped) {
      try {
        const batch = await nextBatch();
        if (batch.length > 0) await input.publish(batch);
      } catch (error) {
        // What was not marked published stays in the outbox: the fallback query finds it.
        input.logger.error("outbox relay failed", { error });
      }
    }
    running = undefined;
  }

  function kick(entries?: readonly OutboxEntry[]): void {
    if (stopped || entries?.length === 0) return;
    if (entries) handedOver.push(...entries);
    else queryWanted = true;
    // There is work now, so drain awaits before it clears `running`: never cleared before it is set.
    if (!running) running = drain();
  }

  const fallback = setInterval(() => kick(), input.fallbackMs);
  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(fallback);
      await running;
    },
  };
}
