import { CREDENTIAL_ROTATION_MS, type InstanceRecord, type LedgerCommand } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { activeInstance } from "../testing/lifecycleSteps.ts";
import { rotateDueCredentials, scheduledOperationId } from "./rotateDueCredentials.ts";

function instance(instanceId: string, createdAt: string): InstanceRecord {
  return { ...activeInstance(), instanceId, createdAt };
}

describe("rotateDueCredentials (the 30-day schedule)", () => {
  it("starts one rotation per due ACTIVE instance, across pages, with a per-day operation id", async () => {
    const created = activeInstance().createdAt;
    const now = new Date(Date.parse(created) + CREDENTIAL_ROTATION_MS);
    const due = [instance("11111111-1111-4111-8111-111111111111", created)];
    const fresh = [instance("22222222-2222-4222-8222-222222222222", now.toISOString())];
    const later = [instance("33333333-3333-4333-8333-333333333333", created)];
    const pages = [{ items: [...due, ...fresh], nextStartAt: "page-2" }, { items: later }];
    const queried: unknown[] = [];
    const submitted: LedgerCommand[] = [];
    const started = await rotateDueCredentials({
      queries: {
        list: async (query) => {
          queried.push(query);
          return pages[queried.length - 1] ?? { items: [] };
        },
      },
      commands: {
        handleCommand: async (command) => {
          submitted.push(command);
          return command.instanceId === later[0]?.instanceId
            ? {
                outcome: "rejected",
                rejection: { code: "LEDGER.OPERATION_IN_PROGRESS", message: "busy", allowed: [] },
              }
            : ({ outcome: "accepted" } as never);
        },
      },
      clock: () => now,
      logger: silentLogger,
    });
    expect(queried).toEqual([
      { state: "ACTIVE", limit: 100 },
      { state: "ACTIVE", limit: 100, startAt: "page-2" },
    ]);
    expect(submitted.map((command) => [command.operation, command.instanceId, command.operationId])).toEqual([
      ["rotateCredentials", due[0]?.instanceId, scheduledOperationId(due[0]?.instanceId ?? "", now)],
      ["rotateCredentials", later[0]?.instanceId, scheduledOperationId(later[0]?.instanceId ?? "", now)],
    ]);
    expect(started).toEqual([due[0]?.instanceId]);
  });

  it("derives the same operation id for the same instance and day, another the next day", () => {
    const id = "11111111-1111-4111-8111-111111111111";
    // The fixture's instance is created at 10:00 UTC: a minute later is the same day.
    const morning = new Date(Date.parse(activeInstance().createdAt));
    const evening = new Date(morning.getTime() + 60_000);
    const tomorrow = new Date(morning.getTime() + 24 * 60 * 60 * 1000);
    expect(scheduledOperationId(id, morning)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(scheduledOperationId(id, evening)).toBe(scheduledOperationId(id, morning));
    expect(scheduledOperationId(id, tomorrow)).not.toBe(scheduledOperationId(id, morning));
  });
});
