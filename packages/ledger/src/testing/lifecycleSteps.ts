import type { OperationKind, Service } from "@bbws/contracts";
import type { InstanceRecord } from "../domain/instance.ts";
import { event, provisionCommand, ready, run } from "./scenario.ts";

type StepService = Extract<Service, "compute" | "routing" | "storage">;
type LifecycleKind = Exclude<OperationKind, "provision" | "deprovision">;

/** An ACTIVE instance, provisioned through the saga. */
export function activeInstance(): InstanceRecord {
  const { record } = run([
    provisionCommand(),
    ready.identity(),
    ready.storage(),
    ready.routing(),
    ready.compute(),
    ready.healthy(),
  ]);
  if (!record) throw new Error("provisioning left no record");
  return record;
}

/** A service's report that it did its part of a lifecycle operation. */
export function stepDone(
  operationId: string,
  operation: LifecycleKind,
  service: StepService,
  extra: Record<string, unknown> = {},
) {
  return event("OperationStepCompleted", { operationId, operation, service, ...extra }, service);
}

/** A service's report that its part of a lifecycle operation failed, with `{SERVICE}.BROKEN`. */
export function stepFailed(
  operationId: string,
  operation: LifecycleKind,
  service: StepService,
  reason: string,
) {
  return event(
    "OperationStepFailed",
    {
      operationId,
      operation,
      service,
      code: `${service.toUpperCase()}.BROKEN`,
      reason,
      retryable: false,
    },
    service,
  );
}
