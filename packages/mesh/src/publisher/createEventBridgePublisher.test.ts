import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  ThrottlingException,
} from "@aws-sdk/client-eventbridge";
import type { BusEvent } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createEventBridgePublisher } from "./createEventBridgePublisher.ts";
import { PublishError } from "./eventPublisher.ts";

const fixturesDir = join(import.meta.dirname, "..", "..", "..", "contracts", "fixtures");
const fixture = (name: string): BusEvent =>
  JSON.parse(readFileSync(join(fixturesDir, `${name}.v1.json`), "utf8"));

type Meta = { eventId: string };
const withEventId = (event: BusEvent, eventId: string): BusEvent => {
  const detail = event.detail as { meta: Meta };
  return { ...event, detail: { ...detail, meta: { ...detail.meta, eventId } } };
};
const eventIdOf = (entry: PutEventsRequestEntry | undefined): string =>
  (JSON.parse(entry?.Detail ?? "{}") as { meta: Meta }).meta.eventId;
const manyEvents = (count: number): BusEvent[] =>
  Array.from({ length: count }, (_, i) => withEventId(fixture("ComputeReady"), `evt-${i}`));
const ok = (count: number) => ({
  FailedEntryCount: 0,
  Entries: Array.from({ length: count }, (_, i) => ({ EventId: `aws-${i}` })),
});

const client = new EventBridgeClient({ region: "eu-west-1" });
const eventBridge = mockClient(client);
let sleeps: number[] = [];
const publisher = (maxAttempts = 5) =>
  createEventBridgePublisher({
    client,
    eventBusName: "bbws-dev",
    maxAttempts,
    baseDelayMs: 50,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
const sentEntries = () =>
  eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

beforeEach(() => {
  eventBridge.reset();
  sleeps = [];
});

describe("createEventBridgePublisher", () => {
  it("sends one PutEvents entry per event, with Time from meta.occurredAt", async () => {
    eventBridge.on(PutEventsCommand).resolves(ok(2));
    const computeReady = fixture("ComputeReady");
    const tenantCreated = fixture("TenantCreated");

    await publisher().publish([computeReady, tenantCreated]);

    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          Source: "bbws.compute",
          DetailType: "ComputeReady",
          Detail: JSON.stringify(computeReady.detail),
          EventBusName: "bbws-dev",
          Time: new Date("2026-11-22T10:00:00.000Z"),
        },
        {
          Source: "bbws.tenant-management",
          DetailType: "TenantCreated",
          Detail: JSON.stringify(tenantCreated.detail),
          EventBusName: "bbws-dev",
          Time: new Date("2026-11-22T10:00:00.000Z"),
        },
      ],
    });
  });

  it("sends at most 10 entries per call, in order", async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ok(input.Entries.length));

    await publisher().publish(manyEvents(23));

    const calls = sentEntries();
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(calls.flat().map(eventIdOf)).toEqual(manyEvents(23).map((_, i) => `evt-${i}`));
  });

  it("does nothing for an empty list", async () => {
    await publisher().publish([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it("re-sends only the entries a 200 answer reported as failed", async () => {
    const throttled = { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" };
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [{ EventId: "a" }, throttled, { EventId: "c" }, throttled],
      })
      .resolves(ok(2));

    await publisher().publish(manyEvents(4));

    const calls = sentEntries();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.map(eventIdOf)).toEqual(["evt-1", "evt-3"]);
    expect(sleeps).toEqual([25]);
  });

  it("throws PublishError naming the events after maxAttempts, backing off exponentially", async () => {
    const failed = { ErrorCode: "InternalFailure", ErrorMessage: "boom" };
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: "a" }, failed] })
      .resolves({ FailedEntryCount: 1, Entries: [failed] });

    const error = await publisher(5)
      .publish(manyEvents(2))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({
      code: "MESH.PUBLISH_FAILED",
      failures: [{ eventId: "evt-1", errorCode: "InternalFailure", errorMessage: "boom" }],
    });
    expect((error as Error).message).toContain("evt-1");
    expect(sentEntries().map((entries) => entries.map(eventIdOf))).toEqual([
      ["evt-0", "evt-1"],
      ["evt-1"],
      ["evt-1"],
      ["evt-1"],
      ["evt-1"],
    ]);
    // baseDelayMs * 2^attempt * random(), random() = 0.5
    expect(sleeps).toEqual([25, 50, 100, 200]);
  });

  it("does not retry entries rejected for a permanent reason", async () => {
    const denied = { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "no" };
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [denied] });

    await expect(publisher().publish(manyEvents(1))).rejects.toMatchObject({
      failures: [{ eventId: "evt-0", errorCode: "NotAuthorizedForSourceException" }],
    });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("leaves a thrown ThrottlingException to the SDK client's retries: one call, then PublishError", async () => {
    const throttling = new ThrottlingException({ message: "Rate exceeded", $metadata: {} });
    eventBridge.on(PutEventsCommand).rejectsOnce(throttling).resolves(ok(3));

    await expect(publisher().publish(manyEvents(3))).rejects.toMatchObject({
      failures: ["evt-0", "evt-1", "evt-2"].map((eventId) => ({ eventId, errorCode: "ThrottlingException" })),
    });

    expect(sentEntries()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("reports the call error as cause", async () => {
    const throttling = new ThrottlingException({ message: "Rate exceeded", $metadata: {} });
    eventBridge.on(PutEventsCommand).rejects(throttling);

    const error = await publisher(3)
      .publish(manyEvents(1))
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ failures: [{ eventId: "evt-0", errorCode: "ThrottlingException" }] });
    expect((error as Error).cause).toBe(throttling);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it("rejects an entry over 256 KB before calling EventBridge", async () => {
    const small = fixture("ComputeReady");
    const big = withEventId(
      { ...small, detail: { ...(small.detail as object), pad: "x".repeat(262_144) } },
      "big",
    );

    await expect(publisher().publish([small, big])).rejects.toMatchObject({
      code: "MESH.PUBLISH_FAILED",
      failures: [{ eventId: "big", errorCode: "EntryTooLarge" }],
    });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
