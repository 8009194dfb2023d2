import { type Consumer, instanceRefOf, parseBusEvent } from "@bbws/contracts";
import { identityDecider } from "@bbws/identity";
import { createMemoryLedgerStore } from "@bbws/ledger";
import { createMemoryEventArchive, createMemoryQueueStore } from "@bbws/local-cloud";
import { createMemoryServiceJournal, type RecordVisibility, silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { fixture } from "../tests/infra/lambdaFixtures.ts";
import { createLocalMesh } from "./createLocalMesh.ts";
import { createInMemoryCloud } from "./inMemoryCloud.ts";

/** The local composition root hides a waiting record as the Lambdas do (createServiceLambdaBase). */
function localMesh(hides: [Consumer, number][]) {
  const time = { now: 0 };
  const journal = createMemoryServiceJournal();
  const mesh = createLocalMesh({
    providers: createInMemoryCloud().providers,
    ledgerStore: createMemoryLedgerStore(),
    queueStore: () => createMemoryQueueStore(),
    archive: createMemoryEventArchive(),
    journal,
    clock: () => time.now,
    logger: silentLogger,
    specDefaults: { wordpress: { version: "6.4.3", image: "wordpress:6.4.3" }, baseDomain: "example.com" },
    sleep: async () => undefined,
    visibilityTimeoutMs: 30_000,
    wrapVisibility: (consumer, local): RecordVisibility => ({
      async hide(record, seconds) {
        hides.push([consumer, seconds]);
        await local.hide(record, seconds);
      },
    }),
  });
  return { mesh, journal, time };
}

describe("createLocalMesh: records that say when to look again", () => {
  it("hides a request waiting for another delivery's lease until the lease ends, not after the runner's backoff", async () => {
    const hides: [Consumer, number][] = [];
    const { mesh, journal, time } = localMesh(hides);
    time.now = 100_000;
    const event = fixture("InstanceRequested");
    const key = { service: "identity" as const, ...instanceRefOf(parseBusEvent(event)) };
    const claimedAt = new Date(time.now - 10_000).toISOString();
    await journal.write(
      key,
      {
        state: identityDecider.initialState,
        inbox: { "holder-event": { status: "started", claimedAt, emitted: [] } },
      },
      0,
    );
    mesh.queues.identity.send(JSON.stringify(event));

    await mesh.runners.identity.pollOnce();

    expect(hides).toEqual([["identity", 20]]);
    time.now += 19_999;
    expect(mesh.queues.identity.counts().visible).toBe(0);
    time.now += 1;
    expect(mesh.queues.identity.counts().visible).toBe(1);
  });
});
