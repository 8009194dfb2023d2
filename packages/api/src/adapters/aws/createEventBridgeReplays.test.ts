import { readFileSync } from "node:fs";
import {
  EventBridgeClient,
  InternalException,
  LimitExceededException,
  PutEventsCommand,
  ResourceAlreadyExistsException,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import type { DomainEvent } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../domain/errors.ts";
import { createEventBridgeReplays } from "./createEventBridgeReplays.ts";

const client = new EventBridgeClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const mocked = mockClient(client);
const ARCHIVE = "arn:aws:events:eu-west-1:111122223333:archive/bbws-dev";
const BUS = "arn:aws:events:eu-west-1:111122223333:event-bus/bbws-dev";
const CONSUMER_RULES = [
  "arn:aws:events:eu-west-1:111122223333:rule/bbws-dev/identity-requests",
  "arn:aws:events:eu-west-1:111122223333:rule/bbws-dev/ledger-service-outcomes",
];
const instanceId = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";

const fixture = (name: string): DomainEvent =>
  JSON.parse(
    readFileSync(new URL(`../../../../contracts/fixtures/${name}.v1.json`, import.meta.url), "utf8"),
  );
// Short event ids read better in the assertions; the log is trusted as the ledger wrote it.
const at = (event: DomainEvent, occurredAt: string, eventId: string): DomainEvent => {
  const detail = event.detail as { meta: Record<string, unknown> };
  return { ...event, detail: { ...detail, meta: { ...detail.meta, occurredAt, eventId } } } as DomainEvent;
};

const log = [
  at(fixture("InstanceRequested"), "2026-11-22T08:59:59.999Z", "e-before"),
  at(fixture("InstanceRequested"), "2026-11-22T09:00:00.000Z", "e-first"),
  at(fixture("StorageReady"), "2026-11-22T09:01:00.000Z", "e-service-answer"),
  at(fixture("ComputeRequested"), "2026-11-22T09:29:59.000Z", "e-last"),
  at(fixture("ComputeRequested"), "2026-11-22T09:30:00.000Z", "e-at-to"),
];
const requestedFor: string[] = [];
const replays = createEventBridgeReplays({
  client,
  archiveArn: ARCHIVE,
  busArn: BUS,
  busName: "bbws-dev",
  consumerRuleArns: CONSUMER_RULES,
  ledgerEvents: {
    async events(id) {
      requestedFor.push(id);
      return log.map((event) => ({ event, loggedAt: "2026-11-22T10:00:00.000Z" }));
    },
  },
});
const window = { from: new Date("2026-11-22T09:00:00Z"), to: new Date("2026-11-22T09:30:00Z") };

beforeEach(() => {
  mocked.reset();
  requestedFor.length = 0;
});

describe("createEventBridgeReplays", () => {
  it("replays a window from the archive to the consumers' rules only (not the alerts rule)", async () => {
    mocked.on(StartReplayCommand).resolves({
      ReplayArn: "arn:aws:events:eu-west-1:111122223333:replay/r-1",
      State: "STARTING",
    });
    const view = await replays.start({ name: "bbws-replay-20261122T100000Z-1a2b3c4d", ...window });
    expect(mocked.commandCalls(StartReplayCommand)[0]?.args[0].input).toEqual({
      ReplayName: "bbws-replay-20261122T100000Z-1a2b3c4d",
      EventSourceArn: ARCHIVE,
      EventStartTime: window.from,
      EventEndTime: window.to,
      Destination: { Arn: BUS, FilterArns: CONSUMER_RULES },
    });
    expect(view).toEqual({
      replayName: "bbws-replay-20261122T100000Z-1a2b3c4d",
      from: "2026-11-22T09:00:00.000Z",
      to: "2026-11-22T09:30:00.000Z",
      state: "STARTING",
      replayArn: "arn:aws:events:eu-west-1:111122223333:replay/r-1",
    });
    expect(mocked.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it("re-publishes an instance's ledger requests of [from, to) unchanged, with PutEvents", async () => {
    mocked
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "a" }, { EventId: "b" }] });
    const view = await replays.start({ name: "r-2", ...window, instanceId });
    expect(requestedFor).toEqual([instanceId]);
    const first = log[1] as DomainEvent;
    const last = log[3] as DomainEvent;
    expect(mocked.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          Source: "bbws.ledger",
          DetailType: "InstanceRequested",
          Detail: JSON.stringify(first.detail),
          EventBusName: "bbws-dev",
          Time: new Date("2026-11-22T09:00:00.000Z"),
        },
        {
          Source: "bbws.ledger",
          DetailType: "ComputeRequested",
          Detail: JSON.stringify(last.detail),
          EventBusName: "bbws-dev",
          Time: new Date("2026-11-22T09:29:59.000Z"),
        },
      ],
    });
    expect(view).toEqual({
      replayName: "r-2",
      from: "2026-11-22T09:00:00.000Z",
      to: "2026-11-22T09:30:00.000Z",
      instanceId,
      state: "COMPLETED",
      eventsReplayed: 2,
    });
    expect(mocked.commandCalls(StartReplayCommand)).toHaveLength(0);
  });

  it("refuses to be built without the consumers' rules (a replay would reach every rule)", () => {
    expect(() =>
      createEventBridgeReplays({
        client,
        archiveArn: ARCHIVE,
        busArn: BUS,
        busName: "bbws-dev",
        consumerRuleArns: [],
        ledgerEvents: { events: async () => [] },
      }),
    ).toThrow(/consumerRuleArns is empty/);
  });

  it("sends nothing when the instance logged no ledger request in the window", async () => {
    const view = await replays.start({
      name: "r-3",
      from: new Date("2026-11-21T00:00:00Z"),
      to: new Date("2026-11-21T01:00:00Z"),
      instanceId,
    });
    expect(view).toMatchObject({ state: "COMPLETED", eventsReplayed: 0 });
    expect(mocked.calls()).toHaveLength(0);
  });

  it.each([
    [new ResourceAlreadyExistsException({ message: "exists", $metadata: {} }), "API.REPLAY_EXISTS"],
    [new LimitExceededException({ message: "10 running", $metadata: {} }), "API.REPLAY_LIMIT_EXCEEDED"],
    [
      Object.assign(new Error("end time in the future"), { name: "ValidationException" }),
      "API.REPLAY_REJECTED",
    ],
    [
      new InternalException({ message: "oops", $metadata: { httpStatusCode: 500 } }),
      "API.DEPENDENCY_UNAVAILABLE",
    ],
  ])("turns %s into %s", async (error, code) => {
    mocked.on(StartReplayCommand).rejects(error);
    const thrown = await replays.start({ name: "r-4", ...window }).catch((caught: unknown) => caught);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ code, cause: error });
  });

  it("a publication that fails for good is a 503 to retry", async () => {
    mocked.on(PutEventsCommand).resolves({
      FailedEntryCount: 2,
      Entries: [
        { ErrorCode: "AccessDeniedException", ErrorMessage: "no" },
        { ErrorCode: "AccessDeniedException", ErrorMessage: "no" },
      ],
    });
    await expect(replays.start({ name: "r-5", ...window, instanceId })).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      retryable: true,
    });
  });
});
