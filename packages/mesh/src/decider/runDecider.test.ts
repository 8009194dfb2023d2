import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DomainEvent, INBOX_MEMORY_MS, instanceRefOf, parseBusEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import type { EventPublisher } from "../publisher/eventPublisher.ts";
import { createDeciderHandler, RequestInFlightError, type RunEffect } from "./runDecider.ts";
import type { ServiceDecider } from "./serviceDecider.ts";
import { createMemoryServiceJournal, JournalConflictError, type ServiceJournal } from "./serviceJournal.ts";

const fixture = (name: string): DomainEvent =>
  parseBusEvent(
    JSON.parse(readFileSync(new URL(`../../../contracts/fixtures/${name}.v1.json`, import.meta.url), "utf8")),
  );
const requested = fixture("InstanceRequested");
const releaseFor = (service: string): DomainEvent => {
  const event = fixture("ReleaseRequested");
  return { ...event, detail: { ...event.detail, data: { ...event.detail.data, service } } } as DomainEvent;
};
const released = releaseFor("identity");
/** The tests' clock: a minute after the fixtures occurred (no real clock is involved). */
const FIXTURE_NOW = () => new Date(Date.parse(requested.detail.meta.occurredAt) + 60_000);
const outputs = (fixture("IdentityReady") as DomainEvent<"IdentityReady">).detail.data.outputs;
const withId = (event: DomainEvent, eventId: string): DomainEvent =>
  ({ ...event, detail: { ...event.detail, meta: { ...event.detail.meta, eventId } } }) as DomainEvent;

// A small identity-like decider: create a pool, then a client, then answer; release closes the instance.
interface State {
  readonly pool: boolean;
  readonly client: boolean;
  readonly closed: boolean;
  readonly failed?: string;
}
type Effect =
  | { readonly kind: "createPool" }
  | { readonly kind: "createClient" }
  | { readonly kind: "deleteAll" };
const decider: ServiceDecider<State, Effect> = {
  service: "identity",
  initialState: { pool: false, client: false, closed: false },
  decide(state, request) {
    const operationId = (request.detail.data as { operationId: string }).operationId;
    switch (request["detail-type"]) {
      case "InstanceRequested":
        if (state.closed) return { kind: "ignore", reason: "the instance was released" };
        if (state.failed)
          return {
            kind: "decide",
            emit: [
              {
                type: "IdentityFailed",
                data: { operationId, code: "IDENTITY.X", reason: state.failed, retryable: false },
              },
            ],
          };
        if (!state.pool) return { kind: "decide", run: { kind: "createPool" } };
        if (!state.client) return { kind: "decide", run: { kind: "createClient" } };
        return { kind: "decide", emit: [{ type: "IdentityReady", data: { operationId, outputs } }] };
      case "ReleaseRequested": {
        const { service, reason } = (request as DomainEvent<"ReleaseRequested">).detail.data;
        if (service !== "identity") return { kind: "notMine" };
        if (!state.closed) return { kind: "decide", run: { kind: "deleteAll" } };
        return {
          kind: "decide",
          emit: [{ type: "IdentityReleased", data: { operationId, reason, released: ["pool"] } }],
        };
      }
      default:
        return { kind: "notMine" };
    }
  },
  evolve(state, fact) {
    if (fact.kind === "failed") return { ...state, failed: fact.failure.reason };
    switch (fact.effect.kind) {
      case "createPool":
        return { ...state, pool: true };
      case "createClient":
        return { ...state, client: true };
      case "deleteAll":
        return { pool: false, client: false, closed: true };
    }
  },
};

function harness(
  options: { runEffect?: RunEffect<Effect>; journal?: ServiceJournal; now?: () => Date } = {},
) {
  const calls: string[] = [];
  const published: DomainEvent[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      published.push(...(events as DomainEvent[]));
    },
  };
  const journal = options.journal ?? createMemoryServiceJournal();
  const handle = createDeciderHandler<State, Effect>({
    decider,
    runEffect:
      options.runEffect ??
      (async (effect) => {
        calls.push(effect.kind);
      }),
    journal,
    publisher,
    clock: options.now ?? FIXTURE_NOW,
    newId: randomUUID,
    maxReceiveCount: 5,
    leaseMs: 60_000,
    logger: silentLogger,
  });
  const types = () => published.map((event) => event["detail-type"]);
  return { handle, calls, published, types, journal };
}

describe("createDeciderHandler", () => {
  it("runs the decided effects one by one and answers once", async () => {
    const { handle, calls, types } = harness();
    await handle(requested, { receiveCount: 1 });
    expect(calls).toEqual(["createPool", "createClient"]);
    expect(types()).toEqual(["IdentityReady"]);
  });

  it("gives a duplicate or replayed delivery of a handled event no second effect", async () => {
    const { handle, calls, types } = harness();
    await handle(requested, { receiveCount: 1 });
    await handle(requested, { receiveCount: 1 });
    await handle({ ...requested, "replay-name": "window" }, { receiveCount: 1 });
    expect(calls).toEqual(["createPool", "createClient"]);
    expect(types()).toEqual(["IdentityReady"]);
  });

  it("forgets a handled request INBOX_MEMORY_DAYS after it occurred, and still gives its replay no effect", async () => {
    const occurred = Date.parse(requested.detail.meta.occurredAt);
    let now = new Date(occurred + 60_000);
    const { handle, calls, types, journal } = harness({ now: () => now });
    await handle(requested, { receiveCount: 1 });
    now = new Date(occurred + INBOX_MEMORY_MS + 60_000);
    const later = withId(requested, randomUUID());
    const fresh = {
      ...later,
      detail: { ...later.detail, meta: { ...later.detail.meta, occurredAt: now.toISOString() } },
    } as DomainEvent;
    await handle(fresh, { receiveCount: 1 });

    const key = { service: "identity", ...instanceRefOf(requested) };
    const { entry } = await journal.read(key);
    expect(Object.keys(entry.inbox)).toEqual([fresh.detail.meta.eventId]);
    expect(entry.forgottenBefore).toBe(requested.detail.meta.occurredAt);

    await handle({ ...requested, "replay-name": "old-window" }, { receiveCount: 1 });
    expect(calls).toEqual(["createPool", "createClient"]);
    expect(types()).toEqual(["IdentityReady", "IdentityReady"]);
  });

  it("keeps a handled request in the inbox until INBOX_MEMORY_DAYS have passed", async () => {
    const occurred = Date.parse(requested.detail.meta.occurredAt);
    const now = new Date(occurred + INBOX_MEMORY_MS - 60_000);
    const { handle, journal } = harness({ now: () => now });
    await handle(requested, { receiveCount: 1 });
    await handle(withId(requested, randomUUID()), { receiveCount: 1 });
    const { entry } = await journal.read({ service: "identity", ...instanceRefOf(requested) });
    expect(Object.keys(entry.inbox)).toHaveLength(2);
    expect(entry).not.toHaveProperty("forgottenBefore");
  });

  it("lets only one of two concurrent deliveries of one event act", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const calls: string[] = [];
    const { handle, types } = harness({
      runEffect: async (effect) => {
        calls.push(effect.kind);
        await gate;
      },
    });
    const first = handle(requested, { receiveCount: 1 });
    const second = handle(requested, { receiveCount: 1 });
    const settled = Promise.allSettled([first, second]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const [a, b] = await settled;
    const rejected = [a, b].filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(calls).toEqual(["createPool", "createClient"]);
    expect(types()).toEqual(["IdentityReady"]);
  });

  it("makes a delivery wait while another holds the request, and takes over after the lease", async () => {
    let now = FIXTURE_NOW();
    const journal = createMemoryServiceJournal();
    const crashing = harness({
      journal,
      now: () => now,
      runEffect: async (effect) => {
        if (effect.kind === "createClient")
          throw Object.assign(new Error("process killed"), { retryable: false, code: "X" });
      },
    });
    // A crash that never reaches the catch: the claim stays, as after kill -9.
    await crashing.journal.write(
      { service: "identity", instanceId: instanceRefOf(requested).instanceId, tenantId: "acme" },
      {
        state: { pool: true, client: false, closed: false },
        inbox: {
          [requested.detail.meta.eventId]: {
            status: "started",
            claimedAt: now.toISOString(),
            emitted: [],
            running: "createClient",
          },
        },
      },
      0,
    );
    const next = harness({ journal, now: () => now });
    await expect(next.handle(requested, { receiveCount: 2 })).rejects.toBeInstanceOf(RequestInFlightError);
    now = new Date(now.getTime() + 61_000); // the 60 s lease has run out
    await next.handle(requested, { receiveCount: 3 });
    expect(next.calls).toEqual(["createClient"]);
    expect(next.types()).toEqual(["IdentityReady"]);
  });

  it("answers a delivery that lost the journal race with a wait of one lease, then the redelivery runs", async () => {
    const journal = createMemoryServiceJournal();
    let raced = false;
    // Another delivery's write lands between this one's read and its claim.
    const racing: ServiceJournal = {
      read: (key) => journal.read(key),
      async write(key, entry, expectedVersion) {
        if (!raced) {
          raced = true;
          await journal.write(key, { state: decider.initialState, inbox: {} }, expectedVersion);
        }
        return journal.write(key, entry, expectedVersion);
      },
    };
    const { handle, calls, types } = harness({ journal: racing });

    const refused = await handle(requested, { receiveCount: 1 }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(RequestInFlightError);
    expect(refused).toMatchObject({ retryAfterSeconds: 60, retryable: true });
    expect((refused as Error).cause).toBeInstanceOf(JournalConflictError);
    expect(calls).toEqual([]);
    await handle(requested, { receiveCount: 2 });
    expect(calls).toEqual(["createPool", "createClient"]);
    expect(types()).toEqual(["IdentityReady"]);
  });

  it("runs one request per instance at a time: a release waits for the provisioning it would race", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { handle, calls } = harness({
      runEffect: async (effect) => {
        calls.push(effect.kind);
        if (effect.kind === "createPool") await gate;
      },
    });
    const provisioning = handle(requested, { receiveCount: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(handle(released, { receiveCount: 1 })).rejects.toBeInstanceOf(RequestInFlightError);
    release();
    await provisioning;
    await handle(released, { receiveCount: 2 });
    expect(calls).toEqual(["createPool", "createClient", "deleteAll"]);
  });

  it("gives the claim back when publishing an answer fails, so the redelivery need not wait", async () => {
    const journal = createMemoryServiceJournal();
    let failPublish = true;
    const first = harness({ journal });
    const flaky: EventPublisher = {
      async publish() {
        if (failPublish) throw new Error("bus unavailable");
      },
    };
    const handle = createDeciderHandler<State, Effect>({
      decider,
      runEffect: async () => undefined,
      journal,
      publisher: flaky,
      clock: FIXTURE_NOW,
      newId: randomUUID,
      maxReceiveCount: 5,
      leaseMs: 60_000,
      logger: silentLogger,
    });
    await expect(handle(requested, { receiveCount: 1 })).rejects.toThrow("bus unavailable");
    failPublish = false;
    await first.handle(requested, { receiveCount: 2 });
    expect(first.types()).toEqual(["IdentityReady"]);
  });

  it("lets the next delivery retry at once after a retryable failure, and keeps what was done", async () => {
    let failures = 1;
    const calls: string[] = [];
    const { handle, types } = harness({
      runEffect: async (effect) => {
        calls.push(effect.kind);
        if (effect.kind === "createClient" && failures-- > 0) throw new Error("throttled");
      },
    });
    await expect(handle(requested, { receiveCount: 1 })).rejects.toThrow("throttled");
    await handle(requested, { receiveCount: 2 });
    expect(calls).toEqual(["createPool", "createClient", "createClient"]);
    expect(types()).toEqual(["IdentityReady"]);
  });

  it("turns the last receive's retryable failure into the decider's failure answer", async () => {
    const { handle, types } = harness({
      runEffect: async () => {
        throw new Error("throttled");
      },
    });
    await handle(requested, { receiveCount: 5 });
    expect(types()).toEqual(["IdentityFailed"]);
  });

  it("acknowledges a request for a released instance with no effect", async () => {
    const { handle, calls, types } = harness();
    await handle(released, { receiveCount: 1 });
    await handle(withId(requested, randomUUID()), { receiveCount: 1 });
    expect(calls).toEqual(["deleteAll"]);
    expect(types()).toEqual(["IdentityReleased"]);
  });

  it("writes nothing for an event that is not for the service", async () => {
    const journal = createMemoryServiceJournal();
    const { handle } = harness({ journal });
    const forStorage = {
      ...released,
      detail: { ...released.detail, data: { ...released.detail.data, service: "storage" } },
    } as DomainEvent;
    await handle(forStorage, { receiveCount: 1 });
    const key = {
      service: "identity",
      instanceId: instanceRefOf(released).instanceId,
      tenantId: "acme",
    };
    expect((await journal.read(key)).version).toBe(0);
  });

  it("publishes an answer once even when a crash follows its publication", async () => {
    const journal = createMemoryServiceJournal();
    const failing: ServiceJournal = {
      read: (key) => journal.read(key),
      async write(key, entry, version) {
        const inbox = Object.values(entry.inbox)[0];
        if (inbox?.status === "done") throw new Error("crash before done");
        return journal.write(key, entry, version);
      },
    };
    const first = harness({ journal: failing });
    await expect(first.handle(requested, { receiveCount: 1 })).rejects.toThrow("crash before done");
    const second = harness({ journal, now: () => new Date(FIXTURE_NOW().getTime() + 5 * 60_000) });
    await second.handle(requested, { receiveCount: 2 });
    expect([...first.types(), ...second.types()]).toEqual(["IdentityReady"]);
    expect(second.calls).toEqual([]);
  });
});
