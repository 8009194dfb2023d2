import type { Failure, Service } from "@bbws/contracts";
import { emit } from "./decision.ts";
import {
  type InstanceOutputs,
  type InstanceRecord,
  isOpen,
  isProvisioning,
  markInProgress,
} from "./instance.ts";
import { releaseRequest, releaseStage, type Step } from "./release.ts";

const FIRST_STAGE: readonly Service[] = ["identity", "storage", "routing"];

/** A service's resources exist. Late arrivals (after a release was asked) are released again. */
export function onResourceReady(record: InstanceRecord, service: Service, outputs: InstanceOutputs): Step {
  const status = record.resources[service];
  if (isProvisioning(record) && status !== "releasing" && status !== "released") {
    if (status === "ready") return { record, emits: [] };
    const ready: InstanceRecord = {
      ...record,
      state: "PROVISIONING",
      resources: { ...record.resources, [service]: "ready" },
      outputs: { ...record.outputs, ...outputs },
      operation: markInProgress(record.operation),
    };
    return service === "compute" ? activateIfHealthy(ready) : requestComputeIfReady(ready);
  }
  if (status === "ready") return { record, emits: [] };
  if (record.state === "ROLLING_BACK" && status === "creating") {
    // Its release stage has not come yet; it will be asked then.
    return { record: { ...record, resources: { ...record.resources, [service]: "ready" } }, emits: [] };
  }
  // Created after (or while) its release was asked: the service may have released
  // nothing before creating, so ask again. Releases are idempotent.
  const reason =
    record.state === "PENDING_DEPRO" || record.state === "DEPROVISIONED" ? "deprovision" : "rollback";
  return {
    record: { ...record, resources: { ...record.resources, [service]: "releasing" } },
    emits: [releaseRequest(record, service, reason)],
  };
}

function requestComputeIfReady(record: InstanceRecord): Step {
  const { identity, storage, routing } = record.outputs;
  const allReady = FIRST_STAGE.every((service) => record.resources[service] === "ready");
  if (!allReady || !identity || !storage || !routing || record.resources.compute !== "absent")
    return { record, emits: [] };
  return {
    record: { ...record, resources: { ...record.resources, compute: "creating" } },
    emits: [
      emit("ComputeRequested", {
        operationId: record.operation.operationId,
        spec: record.spec,
        identity,
        storage,
        routing,
      }),
    ],
  };
}

/** InstanceHealthy may overtake ComputeReady: activate once both are in. */
export function onHealthy(record: InstanceRecord, health: { url: string; httpStatus: number }): Step {
  if (!isProvisioning(record)) return { record, emits: [] };
  return activateIfHealthy({
    ...record,
    outputs: { ...record.outputs, health: { url: health.url, httpStatus: health.httpStatus } },
  });
}

function activateIfHealthy(record: InstanceRecord): Step {
  const { compute, health } = record.outputs;
  if (!compute || !health || record.resources.compute !== "ready") return { record, emits: [] };
  return {
    record: {
      ...record,
      state: "ACTIVE",
      operation: { ...record.operation, status: "COMPLETED", finishedAt: record.updatedAt },
    },
    emits: [
      emit("InstanceActivated", { operationId: record.operation.operationId, url: health.url, compute }),
    ],
  };
}

/** The first failure of a provisioning rolls everything back; later ones change nothing. */
export function onResourceFailed(record: InstanceRecord, service: Service, failure: Failure): Step {
  if (isProvisioning(record) && isOpen(record.operation)) {
    const failed: InstanceRecord = {
      ...record,
      state: "ROLLING_BACK",
      operation: { ...record.operation, failure: { code: failure.code, reason: failure.reason, service } },
    };
    const release = releaseStage(failed, "rollback", 0);
    const notice = emit("ProvisioningFailed", {
      operationId: record.operation.operationId,
      failedService: service,
      code: failure.code,
      reason: failure.reason,
    });
    return { record: release.record, emits: [notice, ...release.emits] };
  }
  if (
    record.state === "PENDING_DEPRO" &&
    record.release?.awaiting.includes(service) &&
    isOpen(record.operation)
  ) {
    // A release failed (e.g. the archive could not be verified): stop here, keep the data, let an operator retry.
    return {
      record: {
        ...record,
        release: null,
        operation: {
          ...record.operation,
          status: "FAILED",
          finishedAt: record.updatedAt,
          failure: { code: failure.code, reason: failure.reason, service },
        },
      },
      emits: [
        emit("OperationFailed", {
          operationId: record.operation.operationId,
          operation: "deprovision",
          code: failure.code,
          reason: failure.reason,
        }),
      ],
    };
  }
  return { record, emits: [] };
}
