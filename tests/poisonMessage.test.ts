import { describe, expect, it } from "vitest";
import { createSimulatedMesh } from "./support/simulatedMesh.ts";

describe("poison messages", () => {
  it("reach the DLQ after maxReceiveCount (5) receives, listed for an operator, without blocking the saga", async () => {
    const simulation = createSimulatedMesh();
    const poisonId = simulation.mesh.queues.ledger.send("{ this is not an event");
    const invalidId = simulation.mesh.queues.storage.send(
      JSON.stringify({ "detail-type": "StorageReady", source: "bbws.storage", detail: {} }),
    );
    await simulation.provision("alpha");
    await simulation.runUntilQuiet();

    expect((await simulation.records())[0]?.state).toBe("ACTIVE");
    const dead = [
      ...simulation.mesh.deadLetterQueues.ledger.list(),
      ...simulation.mesh.deadLetterQueues.storage.list(),
    ];
    expect(dead.map((message) => [message.messageId, message.receiveCount])).toEqual([
      [poisonId, 5],
      [invalidId, 5],
    ]);
    expect(dead.map((message) => message.sourceQueue)).toEqual(["bbws-ledger", "bbws-storage"]);
  });
});
