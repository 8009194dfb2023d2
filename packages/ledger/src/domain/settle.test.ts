import { describe, expect, it } from "vitest";
import { activeInstance } from "../testing/lifecycleSteps.ts";
import { command, event, NOW, names, run } from "../testing/scenario.ts";

const released = (operationId: string, service: "routing" | "compute" | "identity") =>
  event(
    service === "routing"
      ? "RoutingReleased"
      : service === "compute"
        ? "ComputeReleased"
        : "IdentityReleased",
    { operationId, reason: "deprovision", released: [] },
  );

describe("settling a release with no stage left", () => {
  it("given a deprovisioning, when its last release arrives, then the operation is COMPLETED at that time", () => {
    const deprovision = command("deprovision");
    const { record } = run(
      [
        deprovision,
        released(deprovision.operationId, "routing"),
        released(deprovision.operationId, "compute"),
        released(deprovision.operationId, "identity"),
        event("StorageReleased", {
          operationId: deprovision.operationId,
          reason: "deprovision",
          released: [],
        }),
      ],
      activeInstance(),
    );
    expect(record?.state).toBe("DEPROVISIONED");
    expect(record?.operation).toMatchObject({
      operationId: deprovision.operationId,
      kind: "deprovision",
      status: "COMPLETED",
      finishedAt: NOW,
    });
  });

  it("given a backup of an instance whose deprovisioning failed, when a late release arrives, then it stays PENDING_DEPRO", () => {
    const deprovision = command("deprovision");
    const stopped = run(
      [
        deprovision,
        released(deprovision.operationId, "routing"),
        released(deprovision.operationId, "compute"),
        released(deprovision.operationId, "identity"),
        event("StorageFailed", {
          operationId: deprovision.operationId,
          code: "STORAGE.ARCHIVE_FAILED",
          reason: "checksum mismatch",
          retryable: true,
        }),
      ],
      activeInstance(),
    ).record;
    const backup = command("backup", { backupId: "2b3c4d5e-6f70-4819-a2b3-c4d5e6f70819" });
    const late = run([backup, released(deprovision.operationId, "identity")], stopped);
    expect(names(late.emits)).toEqual(["BackupRequested"]);
    expect(late.record?.state).toBe("PENDING_DEPRO");
    expect(late.record?.operation).toMatchObject({ kind: "backup", status: "PENDING" });
  });
});
