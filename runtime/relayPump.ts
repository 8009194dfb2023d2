import type { Logger } from "@bbws/mesh";

export interface RelayPump {
  /** Something reached the outbox: relay now (or once more after the relay running now). */
  kick(): void;
  /** Stops the fallback timer and waits for the relay in flight. */
  stop(): Promise<void>;
}

/**
 * The local outbox relay, pushed like DynamoDB Streams: a ledger commit that queued events kicks
 * it, so a hop of the saga waits for no poll. The fallback timer relays what no kick announced
 * (an outbox a crash left behind; the first tick runs at once). One relay at a time keeps the
 * outbox's order; a kick during a relay runs one more, so no commit waits for the fallback.
 */
export function createRelayPump(input: {
  relay: () => Promise<number>;
  logger: Logger;
  fallbackMs: number;
}): RelayPump {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    do {
      again = false;
      await input.relay().catch((error: unknown) => input.logger.error("outbox relay failed", { error }));
    } while (again && !stopped);
    running = undefined;
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain();
  }

  const fallback = setInterval(kick, input.fallbackMs);
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
