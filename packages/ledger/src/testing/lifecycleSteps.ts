import type { OperationKind, Service } from "@bbws/contracts";
import type { InstanceRecord } from "../domain/instance.ts";
import { undoOperationId } from "../domain/undoOperationId.ts";
import { event, provisionCommand, ready, run } from "./scenario.ts";

type StepService = Extract<Service, "compute" | "routing" | "storage">;
type LifecycleKind = Exclude<OperationKind, "provision" | "deprovision">;

/** The provision command and every service's Ready, in the saga's order. */
export const provisioningHappyPath = () => [
  provisionCommand(),
  ready.identity(),
  ready.storage(),
  ready.routing(),
  ready.compute(),
  ready.healthy(),
];

/** An ACTIVE instance, provisioned through the saga. */
export function activeInstance(): InstanceRecord {
  const { record } = run(provisioningHappyPath());
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

type UndoRequest = "SuspendRequested" | "ResumeRequested" | "ScaleRequested" | "ImageUpdateRequested";
const ECHO: Record<UndoRequest, LifecycleKind> = {
  SuspendRequested: "suspend",
  ResumeRequested: "resume",
  ScaleRequested: "scale",
  ImageUpdateRequested: "updateImage",
};

/** A service's answer to the undo of operation `operationId`, as it answers any such request. */
export function undoAnswer(
  operationId: string,
  request: UndoRequest,
  service: StepService,
  failure?: string,
) {
  const common = {
    operationId: undoOperationId(operationId),
    operation: ECHO[request],
    service,
    answers: request,
  };
  return failure
    ? event(
        "OperationStepFailed",
        { ...common, code: `${service.toUpperCase()}.BROKEN`, reason: failure, retryable: false },
        service,
      )
    : event("OperationStepCompleted", common, service);
}
