import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainEvent } from "@bbws/contracts";
import { createLocalTargetGroups } from "@bbws/local-cloud";
import { createDynamoServiceJournal, type EventPublisher, type Logger } from "@bbws/mesh";
import { useLocalRecordsTable } from "@bbws/mesh/testing";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createLocalRoutingProvider } from "../adapters/local/createLocalRoutingProvider.ts";
import type { RoutingProvider } from "../ports.ts";
import { provision, release, resume, suspend } from "../testing/routingScenario.ts";
import { createRoutingService } from "./createRoutingService.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-routing-service-"));
const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "routing-journal");

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
});

/** The local provider on a fresh table, counting each step; `hold` keeps a step waiting. */
function world(hold?: Promise<void>) {
  const targetGroups = createLocalTargetGroups(join(directory, `${randomUUID()}.json`));
  const local = createLocalRoutingProvider({ targetGroups, proxyPort: 8080 });
  const steps: string[] = [];
  const counted = Object.fromEntries(
    Object.entries(local).map(([name, step]) => [
      name,
      async (...args: unknown[]) => {
        steps.push(name);
        if (hold) await hold;
        return (step as (...rest: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as RoutingProvider;
  const published: DomainEvent[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      published.push(...(events as DomainEvent[]));
    },
  };
  const logs: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (message, fields) => void logs.push({ message, ...(fields ? { fields } : {}) }),
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  const handle = createRoutingService({
    provider: counted,
    publisher,
    clock: () => new Date("2026-11-22T10:00:00.000Z"),
    newId: randomUUID,
    maxReceiveCount: 5,
    journal: createDynamoServiceJournal({ client: dynamo, tableName }),
    leaseMs: 60_000,
    logger,
  });
  const types = () => published.map((event) => event["detail-type"]);
  return { handle, steps, targetGroups, types, logs };
}

// Every test is about its own instance: the journal table is shared.
const fresh = (event: DomainEvent, instanceId: string): DomainEvent =>
  ({ ...event, detail: { ...event.detail, meta: { ...event.detail.meta, instanceId } } }) as DomainEvent;

describe("createRoutingService on a DynamoDB journal", () => {
  it("lets one of two concurrent deliveries act: one of each resource, one answer", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { handle, steps, targetGroups, types } = world(gate);
    const request = fresh(provision(), randomUUID());
    const deliveries = [handle(request, { receiveCount: 1 }), handle(request, { receiveCount: 1 })];
    // The loser is refused (claimed by the other, or in flight) while the winner waits in its step.
    for (const delivery of deliveries) delivery.catch(() => open());
    const settled = await Promise.allSettled(deliveries);
    expect(settled.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);

    // SQS redelivers the refused one later: the inbox knows the request, nothing happens.
    await handle(request, { receiveCount: 2 });
    expect(steps).toEqual(["claimSlot", "ensureTargetGroup", "ensureRule", "ensureAddress"]);
    expect(targetGroups.list()).toHaveLength(1);
    expect(types()).toEqual(["RoutingReady"]);
  });

  it("keeps the site forwarding when a suspend is replayed after the resume", async () => {
    const { handle, targetGroups, types } = world();
    const instanceId = randomUUID();
    const history = [
      provision(),
      suspend("2026-11-22T10:00:00.000Z"),
      resume("2026-11-22T11:00:00.000Z"),
    ].map((event) => fresh(event, instanceId));
    for (const event of history) await handle(event, { receiveCount: 1 });
    await handle({ ...(history[1] as DomainEvent), "replay-name": "window" }, { receiveCount: 1 });
    expect(targetGroups.list()).toMatchObject([{ maintenance: false }]);
    expect(types()).toEqual(["RoutingReady", "OperationStepCompleted", "OperationStepCompleted"]);
  });

  it("re-creates nothing when the whole history is replayed after the release, and says so", async () => {
    const { handle, steps, targetGroups, types, logs } = world();
    const instanceId = randomUUID();
    const history = [
      provision(),
      suspend("2026-11-22T10:00:00.000Z"),
      resume("2026-11-22T11:00:00.000Z"),
      release(),
    ].map((event) => fresh(event, instanceId));
    for (const event of history) await handle(event, { receiveCount: 1 });
    const before = { steps: [...steps], answers: types() };
    logs.length = 0;

    for (const event of history) await handle({ ...event, "replay-name": "window" }, { receiveCount: 1 });
    // A request the ledger never sent before (a new event id) for the released instance: no effect either.
    await handle(fresh(provision(), instanceId), { receiveCount: 1 });

    expect(steps).toEqual(before.steps);
    expect(types()).toEqual(before.answers);
    expect(targetGroups.list()).toEqual([]);
    expect(logs.map((log) => log.message)).toEqual([
      ...history.map(() => "request already handled: acknowledged with no effect"),
      "request acknowledged with no effect",
    ]);
    expect(logs.at(-1)?.fields).toMatchObject({ reason: "the instance's route was released" });
  });
});
