import type { OrphanOperations } from "@bbws/api";
import type { OrphanScanner } from "@bbws/ledger";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createSimulatedMesh } from "../tests/support/simulatedMesh.ts";
import { createLocalDeadLetters, createLocalEventReplays } from "./localOperations.ts";

describe("createLocalDeadLetters", () => {
  it("lists each consumer's DLQ, describing events and showing other bodies as excerpts", async () => {
    const simulation = createSimulatedMesh();
    const poison = simulation.mesh.queues.ledger.send("{ this is not an event");
    const event = JSON.stringify({
      source: "bbws.ledger",
      "detail-type": "RoutingRequested",
      detail: { meta: { instanceId: "i-1", tenantId: "acme" }, data: {} },
    });
    const invalid = simulation.mesh.queues.routing.send(event);
    const sentAt = new Date(simulation.now()).toISOString();
    await simulation.runUntilQuiet();

    const queues = await createLocalDeadLetters(simulation.mesh).list();
    expect(queues.map((queue) => [queue.consumer, queue.queue, queue.approximateCount])).toEqual([
      ["identity", "bbws-identity-dlq", 0],
      ["storage", "bbws-storage-dlq", 0],
      ["routing", "bbws-routing-dlq", 1],
      ["compute", "bbws-compute-dlq", 0],
      ["ledger", "bbws-ledger-dlq", 1],
    ]);
    expect(queues.flatMap((queue) => queue.messages)).toEqual([
      {
        messageId: invalid,
        receiveCount: 5,
        sentAt,
        detailType: "RoutingRequested",
        instanceId: "i-1",
        tenantId: "acme",
        bodyExcerpt: event,
      },
      { messageId: poison, receiveCount: 5, sentAt, bodyExcerpt: "{ this is not an event" },
    ]);
  });

  it("redrives one consumer's DLQ, or all, back to the consumers' queues", async () => {
    const simulation = createSimulatedMesh();
    simulation.mesh.queues.ledger.send("poison 1");
    simulation.mesh.queues.routing.send("poison 2");
    await simulation.runUntilQuiet();
    const deadLetters = createLocalDeadLetters(simulation.mesh);

    expect(await deadLetters.redrive({ consumer: "routing" })).toEqual([
      { consumer: "routing", queue: "bbws-routing-dlq", moved: 1 },
    ]);
    expect(simulation.mesh.queues.routing.counts().visible).toBe(1);
    expect(simulation.mesh.deadLetterQueues.ledger.list()).toHaveLength(1);
    const all = await deadLetters.redrive({});
    expect(all.map((entry) => [entry.consumer, entry.moved])).toEqual([
      ["identity", 0],
      ["storage", 0],
      ["routing", 0],
      ["compute", 0],
      ["ledger", 1],
    ]);
    expect(simulation.mesh.queues.ledger.list().map((message) => message.body)).toEqual(["poison 1"]);
  });
});

describe("createLocalEventReplays", () => {
  it("replays an instance's window from the archive, marked with the replay's name", async () => {
    const simulation = createSimulatedMesh();
    const from = new Date(simulation.now());
    const instanceId = await simulation.provision("alpha");
    await simulation.provision("bravo");
    await simulation.runUntilQuiet();
    const to = new Date(simulation.now() + 1); // the simulation's clock may not have moved at all

    const view = await createLocalEventReplays(simulation.mesh).start({
      name: "drill-1",
      from,
      to,
      instanceId,
    });
    expect(view).toEqual({
      replayName: "drill-1",
      from: from.toISOString(),
      to: to.toISOString(),
      instanceId,
      state: "COMPLETED",
      eventsReplayed: expect.any(Number),
    });
    expect(view.eventsReplayed).toBeGreaterThanOrEqual(8);
    const delivered = simulation.mesh.queues.ledger
      .list()
      .map(
        (message) =>
          JSON.parse(message.body) as { "replay-name"?: string; detail: { meta: { instanceId: string } } },
      );
    expect(delivered.length).toBeGreaterThan(0);
    for (const event of delivered) {
      expect(event["replay-name"]).toBe("drill-1");
      expect(event.detail.meta.instanceId).toBe(instanceId);
    }
  });

  it("replays nothing outside the window", async () => {
    const simulation = createSimulatedMesh();
    await simulation.provision("alpha");
    await simulation.runUntilQuiet();
    const later = simulation.now() + 60_000;
    const view = await createLocalEventReplays(simulation.mesh).start({
      name: "empty",
      from: new Date(later),
      to: new Date(later + 60_000),
    });
    expect(view.eventsReplayed).toBe(0);
  });
});

describe("the ledger's orphan scanner", () => {
  // The report and the cleanup records are @bbws/contracts types both sides use; the scan's
  // signature is the API's port, which the local composition passes the scanner to.
  it("fits the API's OrphanOperations port", () => {
    expectTypeOf<OrphanScanner["scan"]>().toExtend<
      (...args: never[]) => ReturnType<OrphanOperations["scan"]>
    >();
  });
});
