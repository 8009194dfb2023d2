import { stagesOf } from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import type { InstanceRecord } from "./instance.ts";

/**
 * The request event the services of the operation's current stage act on.
 * A restore of a live instance has three stages: suspend, restore, resume; the
 * suspend and resume requests carry `operation: "restore"`, which the services echo.
 */
export function stageRequest(record: InstanceRecord): Emit {
  const { operationId, kind, params, stage } = record.operation;
  switch (kind) {
    case "suspend":
      return emit("SuspendRequested", { operationId, operation: "suspend" });
    case "resume":
      return emit("ResumeRequested", { operationId, operation: "resume" });
    case "scale": {
      if (params.desiredCount === undefined) throw new Error(`scale ${operationId} has no desiredCount`);
      return emit("ScaleRequested", {
        operationId,
        desiredCount: params.desiredCount,
        ...(params.size ? { size: params.size } : {}),
      });
    }
    case "updateImage": {
      if (!params.wordpress) throw new Error(`updateImage ${operationId} has no wordpress`);
      return emit("ImageUpdateRequested", { operationId, wordpress: params.wordpress });
    }
    case "restart":
      return emit("RestartRequested", { operationId });
    case "backup": {
      if (!params.backupId) throw new Error(`backup ${operationId} has no backupId`);
      return emit("BackupRequested", { operationId, backupId: params.backupId });
    }
    case "restore":
      return restoreStageRequest(record, stage);
    case "rotateCredentials":
      return rotationStageRequest(operationId, stage);
    case "provision":
    case "deprovision":
      throw new Error(`${kind} is not carried out by lifecycle stages`);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown operation ${String(unreachable)}`);
    }
  }
}

function restoreStageRequest(record: InstanceRecord, stage: number): Emit {
  const { operationId, params } = record.operation;
  const services = stagesOf("restore", record.state)[stage] ?? [];
  if (services.includes("storage")) {
    const backup = record.backups.find((candidate) => candidate.backupId === params.backupId);
    if (!backup) throw new Error(`restore ${operationId}: backup ${params.backupId} is not the instance's`);
    return emit("RestoreRequested", { operationId, backupId: backup.backupId, backup });
  }
  return stage === 0
    ? emit("SuspendRequested", { operationId, operation: "restore" })
    : emit("ResumeRequested", { operationId, operation: "restore" });
}

/** Storage switches the secret to the other user, compute restarts onto it, storage revokes the old one. */
function rotationStageRequest(operationId: string, stage: number): Emit {
  if (stage === 1) return emit("RestartRequested", { operationId, operation: "rotateCredentials" });
  return emit("CredentialsRotationRequested", { operationId, phase: stage === 0 ? "switch" : "revoke" });
}
