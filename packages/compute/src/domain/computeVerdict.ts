import type { AnswerOf, DomainEvent, PendingFactOf, StepFactOf, VerdictOf } from "@bbws/contracts";
import type { ComputeEffect } from "./computeEffect.ts";

/** An event compute sends in answer to a request (the executor publishes each type once per request). */
export type ComputeAnswer = AnswerOf<
  | "ComputeReady"
  | "ComputeFailed"
  | "InstanceHealthy"
  | "InstanceUnhealthy"
  | "ComputeReleased"
  | "OperationStepCompleted"
  | "OperationStepFailed"
>;

/** The executor's verdict and fact shapes (contracts' decider.ts), for compute's effects. */
export type ComputeVerdict = VerdictOf<ComputeEffect, ComputeAnswer>;
export type ComputeFact = StepFactOf<ComputeEffect>;
export type ComputePendingFact = PendingFactOf<ComputeEffect>;

export const CLOSED_REASON = "compute released this instance: a later request has no effect";

/** The operation's request an effect or answer belongs to: a restore's suspend and resume share an operationId. */
export const stepKey = (request: DomainEvent, operationId: string) =>
  `${request["detail-type"]}:${operationId}`;

export const ignore = (): ComputeVerdict => ({ kind: "ignore", reason: CLOSED_REASON });
