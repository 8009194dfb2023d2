import type { DomainEvent, Service } from "@bbws/contracts";
import { type Decision, unchanged } from "./decision.ts";
import { onHealthObserved, onTaskStopped } from "./health.ts";
import type { InstanceRecord } from "./instance.ts";
import { onLifecycleStepCompleted, onLifecycleStepFailed } from "./lifecycle.ts";
import { onHealthy, onResourceFailed, onResourceReady } from "./provisioning.ts";
import { onReleased } from "./release.ts";
import { settle } from "./settle.ts";

/**
 * Fold one event of the mesh into the instance and derive what to emit.
 * Pure; the store's inbox drops redeliveries, and every branch also tolerates a
 * repeated or late event (a service re-emitting after a crash, unordered delivery).
 */
export function decideEvent(record: InstanceRecord | null, event: DomainEvent, now: string): Decision {
  if (!record) return unchanged(null); // nothing to fold into (TenantCreated is handled as a command)
  // The fold reads the decision time from `updatedAt` (finishedAt of operations).
  const touched: InstanceRecord = { ...record, updatedAt: now };
  const step = foldEvent(touched, event);
  if (step.record === touched && step.emits.length === 0) return unchanged(record);
  return settle(step.record, step.emits);
}

function foldEvent(
  record: InstanceRecord,
  event: DomainEvent,
): { record: InstanceRecord; emits: Decision["emits"] } {
  switch (event["detail-type"]) {
    case "IdentityReady":
      return onResourceReady(record, "identity", { identity: event.detail.data.outputs });
    case "StorageReady":
      return onResourceReady(record, "storage", { storage: event.detail.data.outputs });
    case "RoutingReady":
      return onResourceReady(record, "routing", { routing: event.detail.data.outputs });
    case "ComputeReady":
      return onResourceReady(record, "compute", { compute: event.detail.data.outputs });
    case "IdentityFailed":
    case "StorageFailed":
    case "RoutingFailed":
    case "ComputeFailed":
    case "InstanceUnhealthy":
      return onResourceFailed(record, serviceOf(event), event.detail.data);
    case "StorageReleased": {
      // The first archive holds the instance's data; one made by a re-release after a late
      // Ready holds only what was created after it, and must not take its place.
      const archive = record.outputs.archive ?? event.detail.data.archive;
      return onReleased(archive ? { ...record, outputs: { ...record.outputs, archive } } : record, "storage");
    }
    case "IdentityReleased":
    case "RoutingReleased":
    case "ComputeReleased":
      return onReleased(record, serviceOf(event));
    case "InstanceHealthy":
      return onHealthy(record, event.detail.data);
    case "HealthObserved":
      return onHealthObserved(record, event.detail.data);
    case "TaskStopped":
      return onTaskStopped(record, event.detail.data);
    case "OperationStepCompleted":
      return onLifecycleStepCompleted(record, event.detail.data);
    case "OperationStepFailed":
      return onLifecycleStepFailed(record, event.detail.data);
    default:
      // Events the ledger itself emits, and TenantCreated, carry no news for an existing instance.
      return { record, emits: [] };
  }
}

function serviceOf(event: DomainEvent): Service {
  const service = event.source.replace(/^bbws\./, "");
  if (service === "identity" || service === "storage" || service === "routing" || service === "compute")
    return service;
  throw new Error(`${event["detail-type"]} from unexpected source ${event.source}`);
}
