import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "./apiTypes.ts";
import { buildTimeline, laneOf } from "./timeline.ts";

/** Events a given number of milliseconds after an arbitrary start (no date meets the real clock). */
const START = 1_000_000;
function event(
  id: string,
  type: string,
  source: string,
  atMs: number,
  cause: string | null,
  data: unknown = {},
) {
  return {
    eventId: id,
    type,
    source,
    occurredAt: new Date(START + atMs).toISOString(),
    causationId: cause,
    data,
  } satisfies TimelineEntry;
}

describe("the saga timeline", () => {
  it("given a provisioning saga, places each event in its service's lane with the time since its cause", () => {
    const timeline = buildTimeline([
      event("c", "StorageReady", "bbws.storage", 900, "a"),
      event("a", "InstanceRequested", "bbws.ledger", 0, null),
      event("b", "RoutingReady", "bbws.routing", 300, "a"),
    ]);
    expect(timeline.steps.map((step) => [step.type, step.lane, step.offsetMs, step.durationMs])).toEqual([
      ["InstanceRequested", "ledger", 0, 0],
      ["RoutingReady", "routing", 300, 300],
      ["StorageReady", "storage", 900, 900],
    ]);
    expect(timeline.totalMs).toBe(900);
  });

  it("marks as critical the chain of causes behind the last event, and nothing else", () => {
    const timeline = buildTimeline([
      event("a", "InstanceRequested", "bbws.ledger", 0, null),
      event("b", "RoutingReady", "bbws.routing", 100, "a"),
      event("c", "IdentityReady", "bbws.identity", 500, "a"),
      event("d", "ComputeRequested", "bbws.ledger", 510, "c"),
      event("e", "ComputeReady", "bbws.compute", 1500, "d"),
    ]);
    const critical = timeline.steps.filter((step) => step.onCriticalPath).map((step) => step.eventId);
    expect(critical).toEqual(["a", "c", "d", "e"]);
  });

  it("shows failures with their code and reason, and rollback releases as compensation", () => {
    const timeline = buildTimeline([
      event("a", "InstanceRequested", "bbws.ledger", 0, null),
      event("b", "StorageFailed", "bbws.storage", 10, "a", { code: "STORAGE.QUOTA", reason: "no space" }),
      event("c", "ProvisioningFailed", "bbws.ledger", 20, "b", { code: "STORAGE.QUOTA", reason: "no space" }),
      event("d", "ReleaseRequested", "bbws.ledger", 30, "c", { reason: "rollback" }),
      event("e", "RoutingReleased", "bbws.routing", 40, "d", { reason: "rollback" }),
      event("f", "StorageReleased", "bbws.storage", 50, "d", { reason: "deprovision" }),
    ]);
    const byId = Object.fromEntries(timeline.steps.map((step) => [step.eventId, step]));
    expect(byId.b?.failure).toEqual({ code: "STORAGE.QUOTA", reason: "no space" });
    expect(byId.b?.compensation).toBe(false);
    expect(byId.c?.compensation).toBe(true);
    expect(byId.c?.failure?.code).toBe("STORAGE.QUOTA");
    expect([byId.d?.compensation, byId.e?.compensation, byId.f?.compensation]).toEqual([true, true, false]);
    expect(byId.e?.failure).toBeUndefined();
  });

  it("gives a failure without a code its type, and an unknown cause no duration", () => {
    const timeline = buildTimeline([
      event("x", "OperationStuck", "bbws.ledger", 0, "gone", { operationId: "o" }),
    ]);
    expect(timeline.steps[0]).toMatchObject({
      failure: { code: "OperationStuck", reason: "" },
      durationMs: 0,
    });
  });

  it("puts an event from outside the five services in the ledger's lane; an empty log is an empty timeline", () => {
    expect([laneOf("bbws.compute"), laneOf("bbws.tenant-management"), laneOf("aws.ecs")]).toEqual([
      "compute",
      "ledger",
      "ledger",
    ]);
    expect(buildTimeline([])).toEqual({ steps: [], totalMs: 0 });
  });
});
