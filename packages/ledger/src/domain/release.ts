import { ROLLBACK_STAGES, type Service } from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import type { InstanceRecord, ReleaseProgress } from "./instance.ts";

export interface Step {
  readonly record: InstanceRecord;
  readonly emits: readonly Emit[];
}

/**
 * Ask the services of release stage `stage` to release. Compensation and
 * deprovisioning share the HLD order: routing, compute, identity, storage.
 * A service that was never asked to create anything is skipped.
 */
export function releaseStage(record: InstanceRecord, reason: ReleaseProgress["reason"], stage: number): Step {
  const services = ROLLBACK_STAGES[stage];
  if (!services) return { record: { ...record, release: null }, emits: [] };
  const awaiting = services.filter((service) => record.resources[service] !== "absent");
  if (awaiting.length === 0) return releaseStage(record, reason, stage + 1);
  const resources = { ...record.resources };
  for (const service of awaiting) resources[service] = "releasing";
  return {
    record: { ...record, resources, release: { reason, stage, awaiting } },
    emits: awaiting.map((service) => releaseRequest(record, service, reason)),
  };
}

export function releaseRequest(
  record: InstanceRecord,
  service: Service,
  reason: ReleaseProgress["reason"],
): Emit {
  return emit("ReleaseRequested", {
    operationId: record.operation.operationId,
    service,
    reason,
    archive: reason === "deprovision" && service === "storage",
  });
}

/** A service reported Released: record it and move to the next stage when this one is done. */
export function onReleased(record: InstanceRecord, service: Service): Step {
  const resources = {
    ...record.resources,
    [service]: record.resources[service] === "absent" ? "absent" : "released",
  };
  const release = record.release;
  if (!release?.awaiting.includes(service)) return { record: { ...record, resources }, emits: [] };
  const awaiting = release.awaiting.filter((waiting) => waiting !== service);
  const updated: InstanceRecord = { ...record, resources, release: { ...release, awaiting } };
  if (awaiting.length > 0) return { record: updated, emits: [] };
  return releaseStage(updated, release.reason, release.stage + 1);
}
