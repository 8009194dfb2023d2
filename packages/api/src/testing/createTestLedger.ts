import type { DomainEvent, LedgerCommand } from "@bbws/contracts";
import {
  answerAsServices,
  createLedgerService,
  createMemoryLedgerStore,
  type LedgerStore,
} from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";

/**
 * The real ledger for the API's tests: its service on its memory store, so every rule the API
 * relies on (409s, one live instance per tenant, restore from own backups) is the ledger's own.
 * A devDependency, imported by test code only (.dependency-cruiser.cjs allows no other use).
 */
export interface TestLedger {
  readonly store: LedgerStore;
  /** The ledger service's `handleCommand`, recording each command in `commands`. */
  handleCommand: ReturnType<typeof createLedgerService>["handleCommand"];
  readonly commands: LedgerCommand[];
  /** The ledger service's `handleEvent` (the live check records through it). */
  handleEvent(event: DomainEvent): Promise<void>;
  /** When set, every store call throws it: the ledger's table unreachable. */
  outage: Error | null;
  /** Answers the ledger's requests for the instance as services that succeed: its operation completes. */
  complete(instanceId: string): Promise<void>;
}

export function createTestLedger(options: {
  now: () => number;
  specDefaults: Parameters<typeof createLedgerService>[0]["specDefaults"];
}): TestLedger {
  const iso = () => new Date(options.now()).toISOString();
  const memory = createMemoryLedgerStore({ now: iso });
  // Every call goes through the outage switch but `writeCount`, which is synchronous and reads nothing.
  const store = Object.fromEntries(
    Object.entries(memory).map(([name, method]) => [
      name,
      name === "writeCount"
        ? method
        : async (...args: unknown[]) => {
            if (ledger.outage) throw ledger.outage;
            return (method as (...input: unknown[]) => Promise<unknown>)(...args);
          },
    ]),
  ) as unknown as LedgerStore;
  const service = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: options.specDefaults,
    clock: () => new Date(options.now()),
  });
  const ledger: TestLedger = {
    store,
    commands: [],
    outage: null,
    handleCommand(command) {
      ledger.commands.push(command);
      return service.handleCommand(command);
    },
    handleEvent: (event) => service.handleEvent(event),
    async complete(instanceId) {
      const answered = await answerAsServices({ ledger: service, store, now: iso }, instanceId);
      if (answered === 0) throw new Error(`the ledger asked nothing of the services for ${instanceId}`);
    },
  };
  return ledger;
}
