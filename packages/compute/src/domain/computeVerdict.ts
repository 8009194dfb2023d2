import type { DataOf, DomainEvent } from "@bbws/contracts";
import type { ComputeEffect } from "./computeEffect.ts";
import type { StepFailure } from "./computeState.ts";

type AnswerName =
  | "ComputeReady"
  | "ComputeFailed"
  | "InstanceHealthy"
  | "InstanceUnhealthy"
  | "ComputeReleased"
  | "OperationStepCompleted"
  | "OperationStepFailed";
/** An event compute sends in answer to a request (the executor publishes each type once per request). */
export type ComputeAnswer = { [N in AnswerName]: { readonly type: N; readonly data: DataOf<N> } }[AnswerName];

/** The executor's verdict shape (mesh ServiceDecider), restated here: the domain imports no mesh. */
export type ComputeVerdict =
  | { readonly kind: "notMine" }
  | { readonly kind: "ignore"; readonly reason: string }
  | { readonly kind: "decide"; readonly emit?: readonly ComputeAnswer[]; readonly run?: ComputeEffect };

/** What the executor learnt from running an effect (mesh StepFact). */
export type ComputeFact =
  | {
      readonly kind: "succeeded";
      readonly effect: ComputeEffect;
      readonly value: unknown;
      readonly request: string;
    }
  | {
      readonly kind: "failed";
      readonly effect: ComputeEffect;
      readonly failure: StepFailure;
      readonly request: string;
    };

export const CLOSED_REASON = "compute released this instance: a later request has no effect";

/** The operation's request an effect or answer belongs to: a restore's suspend and resume share an operationId. */
export const stepKey = (request: DomainEvent, operationId: string) =>
  `${request["detail-type"]}:${operationId}`;

export const ignore = (): ComputeVerdict => ({ kind: "ignore", reason: CLOSED_REASON });
