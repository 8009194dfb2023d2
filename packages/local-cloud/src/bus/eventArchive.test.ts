import type { BusEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { createMemoryEventArchive } from "./eventArchive.ts";

function event(detailType: string, instanceId?: string): BusEvent {
  return { source: "bbws.ledger", "detail-type": detailType, detail: { meta: { instanceId }, data: {} } };
}

function recordingBus() {
  const published: BusEvent[][] = [];
  return { published, publish: async (events: readonly BusEvent[]) => void published.push([...events]) };
}

describe("createMemoryEventArchive", () => {
  it("reads events in append order, filtered by [from, to) and instance", () => {
    const archive = createMemoryEventArchive();
    archive.append(event("A", "i-1"), 100);
    archive.append(event("B", "i-2"), 200);
    archive.append(event("C", "i-1"), 300);

    const types = (entries: { event: BusEvent }[]) => entries.map((entry) => entry.event["detail-type"]);
    expect(types(archive.read())).toEqual(["A", "B", "C"]);
    expect(types(archive.read({ from: 200 }))).toEqual(["B", "C"]);
    expect(types(archive.read({ to: 300 }))).toEqual(["A", "B"]);
    expect(types(archive.read({ instanceId: "i-1" }))).toEqual(["A", "C"]);
    expect(archive.read({ from: 100, to: 101 })).toEqual([{ at: 100, event: event("A", "i-1") }]);
  });

  it("skips events without an instance when filtering by instance", () => {
    const archive = createMemoryEventArchive();
    archive.append(event("TenantCreated"), 100);
    expect(archive.read({ instanceId: "i-1" })).toEqual([]);
  });

  it("replays matching events in order with replay-name set, returning the count", async () => {
    const archive = createMemoryEventArchive();
    archive.append(event("A", "i-1"), 100);
    archive.append(event("B", "i-2"), 200);
    archive.append(event("C", "i-1"), 300);
    const bus = recordingBus();

    await expect(archive.replay({ name: "fix-42", instanceId: "i-1" }, bus)).resolves.toBe(2);
    expect(bus.published).toEqual([
      [
        { ...event("A", "i-1"), "replay-name": "fix-42" },
        { ...event("C", "i-1"), "replay-name": "fix-42" },
      ],
    ]);
    await expect(archive.replay({ name: "empty", from: 1_000 }, bus)).resolves.toBe(0);
    expect(bus.published).toHaveLength(1);
  });

  it("rejects a replay name EventBridge would reject", async () => {
    const archive = createMemoryEventArchive();
    await expect(archive.replay({ name: "no spaces" }, recordingBus())).rejects.toThrow(/replay name/);
  });
});
