import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { type DomainEvent, instanceRefOf, parseBusEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import { createDeciderHandler, RequestInFlightError } from "./runDecider.ts";
import type { ServiceDecider } from "./serviceDecider.ts";
import { createMemoryServiceJournal } from "./serviceJournal.ts";

const requested = parseBusEvent(
  JSON.parse(
    readFileSync(new URL("../../../contracts/fixtures/InstanceRequested.v1.json", import.meta.url), "utf8"),
  ),
);
const outputs = (
  parseBusEvent(
    JSON.parse(
      readFileSync(new URL("../../../contracts/fixtures/IdentityReady.v1.json", import.meta.url), "utf8"),
    ),
  ) as DomainEvent<"IdentityReady">
).detail.data.outputs;
const start = Date.parse(requested.detail.meta.occurredAt);
const DEADLINE_MS = 60_000;

// A decider that waits on one step ("awaitPool") for at most DEADLINE_MS from its first look.
interface State {
  readonly ready: boolean;
  readonly since?: string;
  readonly failed?: string;
}
type Effect = { readonly kind: "awaitPool" };
const decider: ServiceDecider<State, Effect> = {
  service: "identity",
  initialState: { ready: false },
  decide(state, request) {
    if (request["detail-type"] !== "InstanceRequested") return { kind: "notMine" };
    const { operationId } = request.detail.data as { operationId: string };
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
    if (!state.ready) return { kind: "decide", run: { kind: "awaitPool" } };
    return { kind: "decide", emit: [{ type: "IdentityReady", data: { operationId, outputs } }] };
  },
  evolve(state, fact) {
    return fact.kind === "failed" ? { ...state, failed: fact.failure.reason } : { ...state, ready: true };
  },
  waited(state, fact) {
    const since = state.since ?? fact.at;
    const late = Date.parse(fact.at) - Date.parse(since) >= DEADLINE_MS;
    return late ? { ...state, since, failed: `timed out: ${fact.failure.reason}` } : { ...state, since };
  },
};

const pending = () =>
  Object.assign(new Error("not ready"), { code: "IDENTITY.PENDING", retryable: true, retryAfterSeconds: 10 });
const throttled = () =>
  Object.assign(new Error("slow down"), { code: "IDENTITY.THROTTLED", retryable: true });

function harness(outcomes: Array<"pending" | "throttled" | "ready">) {
  let now = start;
  const published: string[] = [];
  const journal = createMemoryServiceJournal();
  const handle = createDeciderHandler<State, Effect>({
    decider,
    async runEffect() {
      const next = outcomes.shift() ?? "ready";
      if (next === "pending") throw pending();
      if (next === "throttled") throw throttled();
    },
    journal,
    publisher: {
      async publish(events) {
        published.push(...events.map((event) => event["detail-type"]));
      },
    },
    clock: () => new Date(now),
    newId: randomUUID,
    maxReceiveCount: 100,
    leaseMs: 30_000,
    logger: silentLogger,
  });
  const key = { service: "identity", ...instanceRefOf(requested) };
  const advance = (ms: number) => {
    now += ms;
  };
  return { handle, published, journal, key, advance };
}

describe("createDeciderHandler: a pending step is a wait", () => {
  it("records the wait's start and the wait, lets the lease go, and rethrows the error with its delay", async () => {
    const { handle, journal, key } = harness(["pending"]);

    const error = await handle(requested, { receiveCount: 1 }).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ code: "IDENTITY.PENDING", retryAfterSeconds: 10 });
    const { entry } = await journal.read(key);
    expect(entry.state).toEqual({ ready: false, since: new Date(start).toISOString() });
    expect(entry.inbox[requested.detail.meta.eventId]).toMatchObject({
      status: "started",
      waits: 1,
      claimedAt: new Date(0).toISOString(),
    });
  });

  it("waits past RETRY_RECEIVES receives until the step is done", async () => {
    const { handle, published, advance } = harness(Array(8).fill("pending"));
    for (let receive = 1; receive <= 8; receive += 1) {
      await expect(handle(requested, { receiveCount: receive })).rejects.toMatchObject({
        code: "IDENTITY.PENDING",
      });
      advance(5_000);
    }
    await handle(requested, { receiveCount: 9 });
    expect(published).toEqual(["IdentityReady"]);
  });

  it("fails the step at the decider's deadline, whatever the receives left", async () => {
    const { handle, published, advance } = harness(Array(20).fill("pending"));
    await expect(handle(requested, { receiveCount: 1 })).rejects.toMatchObject({ code: "IDENTITY.PENDING" });
    advance(DEADLINE_MS);
    await handle(requested, { receiveCount: 2 });
    expect(published).toEqual(["IdentityFailed"]);
  });

  it("keeps the receive-count rule for other errors: RETRY_RECEIVES of them, besides the waits", async () => {
    const { handle, published } = harness([...Array(6).fill("pending"), ...Array(5).fill("throttled")]);
    let receive = 0;
    for (let wait = 0; wait < 6; wait += 1)
      await expect(handle(requested, { receiveCount: ++receive })).rejects.toMatchObject({
        code: "IDENTITY.PENDING",
      });
    for (let retry = 0; retry < 4; retry += 1)
      await expect(handle(requested, { receiveCount: ++receive })).rejects.toMatchObject({
        code: "IDENTITY.THROTTLED",
      });
    await handle(requested, { receiveCount: ++receive });
    expect(published).toEqual(["IdentityFailed"]);
  });

  it("tells a request waiting its turn to look again when the holder's lease ends", async () => {
    const { handle, journal, key, advance } = harness([]);
    const other = {
      ...requested,
      detail: { ...requested.detail, meta: { ...requested.detail.meta, eventId: randomUUID() } },
    };
    const stored = await journal.read(key);
    await journal.write(
      key,
      {
        state: { ready: false },
        inbox: {
          [other.detail.meta.eventId]: {
            status: "started",
            claimedAt: new Date(start).toISOString(),
            emitted: [],
          },
        },
      },
      stored.version,
    );
    advance(12_500);

    const error = await handle(requested, { receiveCount: 1 }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RequestInFlightError);
    expect(error).toMatchObject({ retryAfterSeconds: 18 });
  });
});
