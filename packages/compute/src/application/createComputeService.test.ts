import { randomUUID } from "node:crypto";
import {
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { DomainEvent } from "@bbws/contracts";
import {
  createDynamoServiceJournal,
  createJsonLogger,
  type EventPublisher,
  type ServiceJournal,
} from "@bbws/mesh";
import { useLocalRecordsTable } from "@bbws/mesh/testing";
import { describe, expect, inject, it } from "vitest";
import { createEcsComputeProvider } from "../adapters/aws/createEcsComputeProvider.ts";
import { mockedClients, testDeps } from "../adapters/aws/ecsTestKit.ts";
import { installFakeEcsCloud } from "../adapters/aws/fakeEcsCloud.ts";
import { CLOSED_REASON } from "../domain/computeDecider.ts";
import type { ComputeProvider } from "../ports.ts";
import { computeRequested, releaseRequested, request } from "../testing/computeScenario.ts";
import { createComputeService } from "./createComputeService.ts";

const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "compute-journal");

/** Compute on the ECS adapter over a fake ECS cloud, its journal on DynamoDB Local (a table per test run). */
function harness(
  wrap: (provider: ComputeProvider) => ComputeProvider = (provider) => provider,
  publishFailures = 0,
) {
  let failuresLeft = publishFailures;
  const clients = mockedClients();
  const { httpGet } = installFakeEcsCloud(clients);
  const provider = wrap(createEcsComputeProvider(testDeps(clients, { httpGet })));
  const published: DomainEvent[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      if (failuresLeft-- > 0) throw new Error("the bus is unreachable");
      published.push(...(events as DomainEvent[]));
    },
  };
  const logs: { message: string; reason?: string; replay?: boolean }[] = [];
  const journal: ServiceJournal = createDynamoServiceJournal({ client: dynamo, tableName });
  const handle = createComputeService({
    provider,
    publisher,
    journal,
    clock: () => new Date("2026-11-22T10:00:00.000Z"),
    newId: randomUUID,
    maxReceiveCount: 5,
    leaseMs: 60_000,
    logger: createJsonLogger({ write: (line) => logs.push(JSON.parse(line)) }),
  });
  const calls = (command: Parameters<typeof clients.ecsMock.commandCalls>[0]) =>
    clients.ecsMock.commandCalls(command).length;
  const answers = () => published.map((event) => event["detail-type"]);
  return { handle, clients, published, answers, calls, logs };
}

/** A fresh instance per test: the journal table is shared. */
function withInstance<E extends DomainEvent>(event: E, instanceId: string): E {
  return { ...event, detail: { ...event.detail, meta: { ...event.detail.meta, instanceId } } } as E;
}

describe("compute service: two deliveries of one event at the same moment", () => {
  it("creates one task definition, one install task and one service, and answers once", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The winner waits inside its first effect until the other delivery has been turned away.
    const { handle, calls, answers } = harness((provider) => ({
      ...provider,
      prepareLogs: async (instance) => {
        await gate;
        return provider.prepareLogs(instance);
      },
    }));
    const event = withInstance(computeRequested(), randomUUID());
    const deliveries = [handle(event, { receiveCount: 1 }), handle(event, { receiveCount: 1 })];
    const turnedAway = await Promise.race(
      deliveries.map((delivery) =>
        delivery.then(
          () => new Promise<never>(() => undefined),
          (error) => error,
        ),
      ),
    );
    expect(turnedAway).toMatchObject({ retryable: true });
    expect(["MESH.JOURNAL_CONFLICT", "MESH.REQUEST_IN_FLIGHT"]).toContain(
      (turnedAway as { code: string }).code,
    );
    open();
    await Promise.allSettled(deliveries);
    // SQS delivers the turned-away message again later: the inbox has it as handled.
    await handle(event, { receiveCount: 2 });

    expect(calls(RegisterTaskDefinitionCommand)).toBe(1);
    expect(calls(RunTaskCommand)).toBe(1);
    expect(calls(CreateServiceCommand)).toBe(1);
    expect(answers()).toEqual(["ComputeReady", "InstanceHealthy"]);
  });
});

describe("compute service: a replay after the instance was released", () => {
  it("re-creates nothing, repeats no lifecycle step, answers nothing, and logs each request", async () => {
    const { handle, clients, published, answers, logs } = harness();
    const instanceId = randomUUID();
    const history = [
      computeRequested(),
      request("SuspendRequested", { operationId: randomUUID() }),
      request("ResumeRequested", { operationId: randomUUID() }),
      releaseRequested(randomUUID()),
    ].map((event) => withInstance(event, instanceId));
    for (const event of history) await handle(event, { receiveCount: 1 });
    expect(answers()).toEqual([
      "ComputeReady",
      "InstanceHealthy",
      "OperationStepCompleted",
      "OperationStepCompleted",
      "ComputeReleased",
    ]);
    clients.ecsMock.resetHistory();
    published.length = 0;
    logs.length = 0;

    for (const event of history) await handle({ ...event, "replay-name": "window" }, { receiveCount: 1 });
    // The ledger asking again under new event ids (an old operation, a deprovisioned instance).
    const resent = [
      computeRequested(),
      request("ScaleRequested", { operationId: randomUUID(), desiredCount: 3 }),
    ];
    for (const event of resent) await handle(withInstance(event, instanceId), { receiveCount: 1 });

    expect(clients.ecsMock.calls()).toEqual([]);
    expect(published).toEqual([]);
    const handled = logs.filter(
      (line) => line.message === "request already handled: acknowledged with no effect",
    );
    expect(handled.map((line) => line.replay)).toEqual([true, true, true, true]);
    const ignored = logs.filter((line) => line.message === "request acknowledged with no effect");
    expect(ignored.map((line) => line.reason)).toEqual([CLOSED_REASON, CLOSED_REASON]);
  });

  it("keeps a suspended instance suspended when its suspend and resume are replayed out of order", async () => {
    const { handle, clients, published } = harness();
    const instanceId = randomUUID();
    const provision = withInstance(computeRequested(), instanceId);
    const suspend = withInstance(request("SuspendRequested", { operationId: randomUUID() }), instanceId);
    const resume = withInstance(request("ResumeRequested", { operationId: randomUUID() }), instanceId);
    const suspendAgain = withInstance(request("SuspendRequested", { operationId: randomUUID() }), instanceId);
    for (const event of [provision, suspend, resume, suspendAgain]) await handle(event, { receiveCount: 1 });
    clients.ecsMock.resetHistory();
    published.length = 0;
    for (const event of [resume, suspend, provision])
      await handle({ ...event, "replay-name": "window" }, { receiveCount: 1 });
    expect(clients.ecsMock.commandCalls(UpdateServiceCommand)).toEqual([]);
    expect(published).toEqual([]);
  });
});

describe("compute service: a delivery that fails outside an effect", () => {
  it("frees its claim, so the next delivery resumes at once without repeating the effect", async () => {
    const { handle, calls, answers } = harness(undefined, 1);
    const event = withInstance(computeRequested(), randomUUID());
    await expect(handle(event, { receiveCount: 1 })).rejects.toThrow("the bus is unreachable");
    // Same instant (the clock is fixed): without the freed claim this would be RequestInFlightError.
    await handle(event, { receiveCount: 2 });
    expect(calls(CreateServiceCommand)).toBe(1);
    expect(answers()).toEqual(["ComputeReady", "InstanceHealthy"]);
  });
});
