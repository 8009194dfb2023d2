import type { DomainEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import {
  ARCHIVE,
  BACKUP,
  did,
  failed,
  given,
  OPERATION,
  OUTPUTS,
  PROVISIONED,
  RELEASED,
  requests,
} from "../testing/storageScenario.ts";
import { evolveStorage } from "./evolveStorage.ts";
import { decideStorage } from "./storageDecider.ts";
import type { StorageEffect, StorageState } from "./storageState.ts";

const when = (state: StorageState, request: DomainEvent) => decideStorage(state, request);
const throttled = { code: "STORAGE.CLOUD_UNAVAILABLE", reason: "throttled", retryable: true };
const step = { operationId: OPERATION, service: "storage", answers: "BackupRequested" } as const;

/** What each provisioning step returns. */
function provisioned(effect: StorageEffect): unknown {
  switch (effect.kind) {
    case "allocateUid":
      return 20_001;
    case "ensureContentArea":
      return { accessPointId: "fsap-1" };
    case "ensureCredentials":
      return { secretRef: OUTPUTS.credentialsSecretRef };
    case "completeStorage":
      return OUTPUTS;
    default:
      return undefined;
  }
}

/** Runs the decider from `state` the way the executor does, each effect succeeding with `values`. */
function walk(state: StorageState, request: DomainEvent, values: (effect: StorageEffect) => unknown) {
  const effects: StorageEffect[] = [];
  for (let current = state; ; ) {
    const verdict = when(current, request);
    if (verdict.kind !== "decide" || !verdict.run) return { effects, verdict, state: current };
    effects.push(verdict.run);
    const fact = {
      kind: "succeeded",
      effect: verdict.run,
      value: values(verdict.run),
      request: "now",
    } as const;
    current = evolveStorage(current, fact);
  }
}

describe("storage decider: provisioning", () => {
  it("given nothing, when InstanceRequested, then claims the tenant first", () => {
    expect(when(given(), requests.provision())).toEqual({ kind: "decide", run: { kind: "claimTenant" } });
  });

  it("creates in order, credentials before the database, and answers StorageReady with the outputs", () => {
    const { effects, verdict } = walk(given(), requests.provision(), provisioned);
    expect(effects).toEqual([
      { kind: "claimTenant" },
      { kind: "allocateUid" },
      { kind: "ensureContentArea", uid: 20_001 },
      { kind: "ensureCredentials" },
      { kind: "ensureDatabase" },
      {
        kind: "completeStorage",
        uid: 20_001,
        accessPointId: "fsap-1",
        secretRef: OUTPUTS.credentialsSecretRef,
      },
    ]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "StorageReady", data: { operationId: OPERATION, outputs: OUTPUTS } }],
    });
  });

  it("resumes after the last step done (a redelivery after a crash repeats nothing done)", () => {
    expect(when(given(...PROVISIONED.slice(0, 3)), requests.provision())).toEqual({
      kind: "decide",
      run: { kind: "ensureCredentials" },
    });
  });

  it("given storage provisioned, when another InstanceRequested, then answers the same outputs with no effect", () => {
    expect(when(given(...PROVISIONED), requests.provision())).toEqual({
      kind: "decide",
      emit: [{ type: "StorageReady", data: { operationId: OPERATION, outputs: OUTPUTS } }],
    });
  });

  it("given a step failed for this request, then answers StorageFailed and runs nothing", () => {
    const inUse = { code: "STORAGE.TENANT_IN_USE", reason: "held by another instance", retryable: false };
    const state = given(failed({ kind: "claimTenant" }, inUse, "this-request"));
    expect(when(state, requests.provision("this-request"))).toEqual({
      kind: "decide",
      emit: [{ type: "StorageFailed", data: { operationId: OPERATION, ...inUse } }],
    });
    // A later request tries the failed step again.
    expect(when(state, requests.provision("a-later-request"))).toEqual({
      kind: "decide",
      run: { kind: "claimTenant" },
    });
  });

  it.each(PROVISIONED.map((fact) => [fact.effect.kind, fact.effect] as const))(
    "given %s failed for this request, then answers StorageFailed",
    (_kind, effect) => {
      const state = given(failed(effect, throttled, "this-request"));
      expect(when(state, requests.provision("this-request"))).toEqual({
        kind: "decide",
        emit: [{ type: "StorageFailed", data: { operationId: OPERATION, ...throttled } }],
      });
    },
  );

  it("starts from nothing created, and ignores events that are not requests to storage", () => {
    expect(given()).toEqual({
      provision: { claimed: false, database: false },
      closed: false,
      operations: {},
    });
    const computeReady = {
      ...requests.provision(),
      "detail-type": "ComputeRequested",
    } as unknown as DomainEvent;
    expect(when(given(), computeReady)).toEqual({ kind: "notMine" });
  });

  it("refuses a step's value that is not what the step returns", () => {
    expect(() => given(did({ kind: "allocateUid" }, "20001"))).toThrow();
    expect(() =>
      given(did({ kind: "completeStorage", uid: 1, accessPointId: "a", secretRef: "s" }, {})),
    ).toThrow();
  });
});

describe("storage decider: release", () => {
  it("ignores a release for another service (nothing written)", () => {
    expect(when(given(...PROVISIONED), requests.release({ service: "identity" }))).toEqual({
      kind: "notMine",
    });
  });

  it("archives before anything is dropped, drops in order, forgets the records last, and answers once closed", () => {
    const names: Record<string, string[]> = { releaseContent: ["access-point:fsap-1"], dropDatabase: ["db"] };
    const values = (effect: StorageEffect) =>
      effect.kind === "archiveData"
        ? ARCHIVE
        : effect.kind === "forgetStorage"
          ? undefined
          : (names[effect.kind] ?? []);
    const { effects, verdict, state } = walk(given(...PROVISIONED), requests.release(), values);
    expect(effects.map((effect) => effect.kind)).toEqual([
      "archiveData",
      "releaseContent",
      "dropDatabase",
      "removeCredentials",
      "releaseUid",
      "forgetStorage",
    ]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "StorageReleased",
          data: {
            operationId: OPERATION,
            reason: "deprovision",
            released: ["access-point:fsap-1", "db"],
            archive: ARCHIVE,
          },
        },
      ],
    });
    expect(state.closed).toBe(true);
    expect(state.provision).toEqual({ claimed: false, database: false });
  });

  it("archives nothing on a rollback release", () => {
    expect(when(given(...PROVISIONED), requests.release({ reason: "rollback", archive: false }))).toEqual({
      kind: "decide",
      run: { kind: "releaseContent" },
    });
  });

  it("runs the release steps even when this journal saw no provisioning (they touch only what is this instance's)", () => {
    expect(when(given(), requests.release())).toEqual({ kind: "decide", run: { kind: "archiveData" } });
  });

  it("given the archive failed for this request, then answers StorageFailed and drops nothing", () => {
    const archiveFailed = { code: "STORAGE.ARCHIVE_FAILED", reason: "disk full", retryable: true };
    const state = given(...PROVISIONED, failed({ kind: "archiveData" }, archiveFailed, "this-request"));
    expect(when(state, requests.release({}, "this-request"))).toEqual({
      kind: "decide",
      emit: [{ type: "StorageFailed", data: { operationId: OPERATION, ...archiveFailed } }],
    });
    expect(when(state, requests.release({}, "retry"))).toMatchObject({ run: { kind: "archiveData" } });
  });

  it.each(RELEASED.map((fact) => [fact.effect.kind, fact.effect] as const))(
    "given %s failed for this request, then answers StorageFailed and runs nothing more",
    (_kind, effect) => {
      const state = given(...PROVISIONED, failed(effect, throttled, "this-request"));
      expect(when(state, requests.release({}, "this-request"))).toEqual({
        kind: "decide",
        emit: [{ type: "StorageFailed", data: { operationId: OPERATION, ...throttled } }],
      });
    },
  );

  it("records each release step and what it deleted", () => {
    expect(given(did({ kind: "releaseContent" }, ["access-point:fsap-1"])).release).toEqual({
      done: ["releaseContent"],
      released: ["access-point:fsap-1"],
    });
  });

  it("given nothing of this instance's to archive, then drops (nothing) and answers without an archive", () => {
    const state = given(did({ kind: "archiveData" }, null));
    expect(state.release).toEqual({ archive: null, done: [], released: [] });
    expect(when(state, requests.release())).toEqual({ kind: "decide", run: { kind: "releaseContent" } });
    const closed = given(did({ kind: "archiveData" }, null), ...RELEASED.slice(1));
    expect(when(closed, requests.release())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "StorageReleased",
          data: {
            operationId: OPERATION,
            reason: "deprovision",
            released: [
              "access-point:fsap-1",
              "user:wp_acme",
              "database:wp_acme",
              "secret:acme/dev/db",
              "uid:20001",
            ],
          },
        },
      ],
    });
  });

  it("given released, when another ReleaseRequested, then answers the same release with no effect", () => {
    expect(when(given(...PROVISIONED, ...RELEASED), requests.release({ archive: false }))).toEqual({
      kind: "decide",
      emit: [
        {
          type: "StorageReleased",
          data: {
            operationId: OPERATION,
            reason: "deprovision",
            released: [
              "access-point:fsap-1",
              "user:wp_acme",
              "database:wp_acme",
              "secret:acme/dev/db",
              "uid:20001",
            ],
            archive: ARCHIVE,
          },
        },
      ],
    });
  });

  it.each([
    ["InstanceRequested", requests.provision()],
    ["BackupRequested", requests.backup()],
    ["RestoreRequested", requests.restore()],
  ])(
    "given released, when %s (late or replayed), then it is acknowledged with no effect",
    (_name, request) => {
      expect(when(given(...PROVISIONED, ...RELEASED), request)).toEqual({
        kind: "ignore",
        reason: expect.stringContaining("released"),
      });
    },
  );
});

describe("storage decider: backup and restore", () => {
  it("backs up once per operation and answers every request for it the same", () => {
    expect(when(given(...PROVISIONED), requests.backup())).toEqual({
      kind: "decide",
      run: { kind: "backup", operationId: OPERATION, backupId: BACKUP.backupId },
    });
    const state = given(
      ...PROVISIONED,
      did({ kind: "backup", operationId: OPERATION, backupId: BACKUP.backupId }, BACKUP),
    );
    const answer = {
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...step, operation: "backup", backup: BACKUP } }],
    };
    expect(when(state, requests.backup())).toEqual(answer);
    expect(when(state, requests.backup())).toEqual(answer);
    expect(when(state, requests.backup("another-operation"))).toMatchObject({
      run: { kind: "backup", operationId: "another-operation" },
    });
  });

  it("answers a failed backup with OperationStepFailed", () => {
    const state = given(
      failed({ kind: "backup", operationId: OPERATION, backupId: BACKUP.backupId }, throttled),
    );
    expect(when(state, requests.backup())).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepFailed", data: { ...step, operation: "backup", ...throttled } }],
    });
  });

  it("restores with the backup record, and answers the safety backup once done", () => {
    const restore = { kind: "restore", operationId: OPERATION, backup: BACKUP } as const;
    expect(when(given(...PROVISIONED), requests.restore())).toEqual({ kind: "decide", run: restore });
    const safety = { ...BACKUP, backupId: OPERATION };
    expect(when(given(did(restore, safety)), requests.restore())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepCompleted",
          data: { ...step, operation: "restore", answers: "RestoreRequested", backup: safety },
        },
      ],
    });
  });

  it("refuses a restore without the backup record (an older ledger's) without running anything", () => {
    expect(when(given(...PROVISIONED), requests.restore(OPERATION, null))).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepFailed",
          data: {
            operationId: OPERATION,
            operation: "restore",
            service: "storage",
            answers: "RestoreRequested",
            code: "STORAGE.BACKUP_INVALID",
            reason: expect.stringContaining(`backup ${BACKUP.backupId} carries no backup record`),
            retryable: false,
          },
        },
      ],
    });
  });

  it("flags a restore that could not put the data back as unsafe to resume, and only that one", () => {
    const restore = { kind: "restore", operationId: OPERATION, backup: BACKUP } as const;
    const incomplete = { code: "STORAGE.RESTORE_INCOMPLETE", reason: "half-restored", retryable: false };
    const restoreFailed = { ...incomplete, code: "STORAGE.RESTORE_FAILED", reason: "put back" };
    expect(when(given(failed(restore, incomplete)), requests.restore())).toMatchObject({
      emit: [{ type: "OperationStepFailed", data: { ...incomplete, unsafeToResume: true } }],
    });
    const answer = when(given(failed(restore, restoreFailed)), requests.restore());
    expect(answer).toMatchObject({ emit: [{ type: "OperationStepFailed", data: restoreFailed }] });
    expect(answer.kind === "decide" && answer.emit?.[0]?.data).not.toHaveProperty("unsafeToResume");
  });
});
