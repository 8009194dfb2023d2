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
  SAFETY,
} from "../testing/storageScenario.ts";
import { evolveStorage } from "./evolveStorage.ts";
import { decideStorage } from "./storageDecider.ts";
import type { StorageEffect, StorageState } from "./storageState.ts";

const when = (state: StorageState, request: DomainEvent) => decideStorage(state, request);
const throttled = { code: "STORAGE.CLOUD_UNAVAILABLE", reason: "throttled", retryable: true };
const invalid = { code: "STORAGE.BACKUP_INVALID", reason: "does not verify", retryable: false };
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

describe("storage decider: backup", () => {
  const storeBackup = { kind: "storeBackup", operationId: OPERATION, backupId: BACKUP.backupId } as const;
  const verifyBackup = { kind: "verifyBackup", operationId: OPERATION, backup: BACKUP } as const;
  const completed = {
    kind: "decide",
    emit: [{ type: "OperationStepCompleted", data: { ...step, operation: "backup", backup: BACKUP } }],
  };

  it("stores the archive, reads it back and verifies it, then answers with it", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.backup(), (effect) =>
      effect.kind === "storeBackup" ? BACKUP : undefined,
    );
    expect(effects).toEqual([storeBackup, verifyBackup]);
    expect(verdict).toEqual(completed);
  });

  it("given the backup stored but not verified (a redelivery), then verifies it without storing again", () => {
    expect(when(given(did(storeBackup, BACKUP)), requests.backup())).toEqual({
      kind: "decide",
      run: verifyBackup,
    });
  });

  it("answers every request for a done backup the same, and a new operation backs up again", () => {
    const state = given(...PROVISIONED, did(storeBackup, BACKUP), did(verifyBackup));
    expect(when(state, requests.backup())).toEqual(completed);
    expect(when(state, requests.backup())).toEqual(completed);
    expect(when(state, requests.backup("another-operation"))).toEqual({
      kind: "decide",
      run: { ...storeBackup, operationId: "another-operation" },
    });
  });

  it.each([
    ["storeBackup", storeBackup, []],
    ["verifyBackup", verifyBackup, [did(storeBackup, BACKUP)]],
  ] as const)(
    "given %s failed, then answers OperationStepFailed and runs nothing more",
    (_kind, effect, before) => {
      const state = given(...before, failed(effect, throttled));
      expect(when(state, requests.backup())).toEqual({
        kind: "decide",
        emit: [{ type: "OperationStepFailed", data: { ...step, operation: "backup", ...throttled } }],
      });
    },
  );

  it("refuses a stored backup that is not a backup record", () => {
    expect(() => given(did(storeBackup, { location: "x" }))).toThrow();
  });
});

describe("storage decider: restore", () => {
  const restoring = { ...step, operation: "restore", answers: "RestoreRequested" } as const;
  const verifyRequested = { kind: "verifyBackup", operationId: OPERATION, backup: BACKUP } as const;
  const storeSafety = { kind: "storeBackup", operationId: OPERATION, backupId: OPERATION } as const;
  const verifySafety = { kind: "verifyBackup", operationId: OPERATION, backup: SAFETY } as const;
  const restoreData = { kind: "restoreData", operationId: OPERATION, backup: BACKUP } as const;
  const putBack = { kind: "putBackSafetyBackup", operationId: OPERATION, safety: SAFETY } as const;
  const SAFE = [did(verifyRequested), did(storeSafety, SAFETY), did(verifySafety)];
  const swapFailed = { code: "STORAGE.DATABASE_FAILED", reason: "connection lost", retryable: false };

  it("verifies the backup, stores and verifies a safety backup, swaps, and answers with the safety backup", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.restore(), (effect) =>
      effect.kind === "storeBackup" ? SAFETY : undefined,
    );
    expect(effects).toEqual([verifyRequested, storeSafety, verifySafety, restoreData]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...restoring, backup: SAFETY } }],
    });
  });

  it("given the safety backup stored (a redelivery after a crash in the swap), then swaps again and never stores another", () => {
    expect(when(given(...SAFE), requests.restore())).toEqual({ kind: "decide", run: restoreData });
    expect(when(given(...SAFE.slice(0, 2)), requests.restore())).toEqual({
      kind: "decide",
      run: verifySafety,
    });
  });

  it("remembers each step's result per operation: the archives verified, the one stored", () => {
    expect(given(did(verifyRequested), did(storeSafety, SAFETY)).progress).toEqual({
      [OPERATION]: { verified: [BACKUP.location], stored: SAFETY },
    });
  });

  it("given the restore done, then answers the same safety backup and restores nothing again", () => {
    const state = given(...SAFE, did(restoreData));
    expect(when(state, requests.restore())).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...restoring, backup: SAFETY } }],
    });
  });

  it.each([
    ["the backup does not verify", [failed(verifyRequested, invalid)]],
    ["the safety backup cannot be stored", [did(verifyRequested), failed(storeSafety, invalid)]],
    [
      "the safety backup does not verify",
      [did(verifyRequested), did(storeSafety, SAFETY), failed(verifySafety, invalid)],
    ],
    ["the backup no longer verifies while it is staged", [...SAFE, failed(restoreData, invalid)]],
  ])("given %s, then answers that failure: nothing was swapped", (_case, facts) => {
    expect(when(given(...facts), requests.restore())).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepFailed", data: { ...restoring, ...invalid } }],
    });
  });

  it("given the swap failed, then puts the safety backup back, and answers RESTORE_FAILED saying the data is back", () => {
    const state = given(...SAFE, failed(restoreData, swapFailed));
    expect(when(state, requests.restore())).toEqual({ kind: "decide", run: putBack });
    expect(when(given(...SAFE, failed(restoreData, swapFailed), did(putBack)), requests.restore())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepFailed",
          data: {
            ...restoring,
            code: "STORAGE.RESTORE_FAILED",
            reason: `restoring backup ${BACKUP.backupId} failed (connection lost); the instance is back on its pre-restore data (safety backup ${OPERATION} at ${SAFETY.location})`,
            retryable: false,
          },
        },
      ],
    });
  });

  it("given putting the safety backup back failed too, then answers RESTORE_INCOMPLETE, unsafe to resume, saying where the safety backup is", () => {
    const gone = { code: "STORAGE.DATABASE_FAILED", reason: "the server is gone", retryable: false };
    const state = given(...SAFE, failed(restoreData, swapFailed), failed(putBack, gone));
    expect(when(state, requests.restore())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepFailed",
          data: {
            ...restoring,
            code: "STORAGE.RESTORE_INCOMPLETE",
            reason:
              `restoring backup ${BACKUP.backupId} failed (connection lost), and putting the safety backup back failed too (the server is gone): ` +
              `the data may be half-restored; the pre-restore data is in safety backup ${OPERATION} at ${SAFETY.location}`,
            retryable: false,
            unsafeToResume: true,
          },
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
            ...restoring,
            code: "STORAGE.BACKUP_INVALID",
            reason: expect.stringContaining(`backup ${BACKUP.backupId} carries no backup record`),
            retryable: false,
          },
        },
      ],
    });
  });

  it("refuses facts a swap cannot have: a swap before a safety backup, a put-back without a failed swap", () => {
    expect(() => given(did(restoreData))).toThrow("before its safety backup");
    expect(() => given(...SAFE, did(putBack))).toThrow("no failed swap");
  });
});
