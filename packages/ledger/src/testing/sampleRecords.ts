import { randomUUID } from "node:crypto";
import { createEvent, type DomainEvent, type InstanceSpec } from "@bbws/contracts";
import type { InstanceRecord } from "../domain/instance.ts";

export function sampleSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  return {
    tenantId: "acme",
    environment: "dev",
    size: "small",
    desiredCount: 1,
    wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
    hostname: "acme.sites.example.com",
    ...overrides,
  };
}

export function sampleRecord(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  const spec = overrides.spec ?? sampleSpec({ tenantId: overrides.tenantId ?? "acme" });
  return {
    instanceId: randomUUID(),
    tenantId: spec.tenantId,
    environment: spec.environment,
    spec,
    state: "PENDING_PROVISIONING",
    resources: { identity: "creating", storage: "creating", routing: "creating", compute: "absent" },
    outputs: {},
    operation: {
      operationId: randomUUID(),
      kind: "provision",
      status: "PENDING",
      requestedAt: "2026-11-22T10:00:00.000Z",
      requestedBy: "test",
      correlationId: "c-1",
      deadlineAt: "2026-11-22T10:15:00.000Z",
      stage: 0,
      awaiting: ["identity", "storage", "routing"],
      params: {},
    },
    release: null,
    backups: [],
    createdAt: "2026-11-22T10:00:00.000Z",
    updatedAt: "2026-11-22T10:00:00.000Z",
    ...overrides,
  };
}

export function sampleEvent(record: InstanceRecord, occurredAt = "2026-11-22T10:00:00.000Z"): DomainEvent {
  return createEvent({
    name: "SuspendRequested",
    meta: {
      eventId: randomUUID(),
      occurredAt,
      correlationId: "c-1",
      causationId: null,
      tenantId: record.tenantId,
      instanceId: record.instanceId,
      environment: record.environment,
    },
    data: { operationId: record.operation.operationId, operation: "suspend" },
  });
}
