import { CREDENTIAL_ROTATION_MS, type InstanceRecord, type LedgerCommand } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startLoops } from "./backgroundLoops.ts";
import type { LocalMesh } from "./createLocalMesh.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("the local stack's credentials rotation loop", () => {
  it("starts rotations of due instances on its interval, with the schedule's clock", async () => {
    vi.useFakeTimers();
    // Only what the schedule reads of a record: an ACTIVE instance, idle, created `createdAt`.
    const record = {
      instanceId: "11111111-1111-4111-8111-111111111111",
      state: "ACTIVE",
      operation: { kind: "provision", status: "COMPLETED" },
      createdAt: new Date().toISOString(),
    } as unknown as InstanceRecord;
    const submitted: LedgerCommand[] = [];
    const mesh = {
      publishOutbox: async () => undefined,
      onOutbox: () => () => undefined,
      ledger: {
        sweepStuck: async () => 0,
        handleCommand: async (command: LedgerCommand) => {
          submitted.push(command);
          return { outcome: "accepted" } as never;
        },
      },
      ledgerStore: { list: async () => ({ items: [record] }), pendingOutbox: async () => [] },
    } as unknown as LocalMesh;
    const monthLater = new Date(Date.parse(record.createdAt) + CREDENTIAL_ROTATION_MS);
    const loops = startLoops({
      mesh,
      orphans: { scan: async () => ({ scanId: "s", orphans: [] }) } as never,
      logger: silentLogger,
      rotationSweepEveryMs: 1_000,
      clock: () => monthLater,
    });
    try {
      await vi.advanceTimersByTimeAsync(999);
      expect(submitted).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(submitted.map((command) => [command.operation, command.instanceId])).toEqual([
        ["rotateCredentials", record.instanceId],
      ]);
    } finally {
      await loops.stop();
    }
  });
});
