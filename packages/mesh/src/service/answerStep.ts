import {
  type DataOf,
  type DomainEvent,
  LIFECYCLE_REQUESTS,
  type OperationKind,
  type Service,
} from "@bbws/contracts";
import { type ReplyContext, reply } from "./reply.ts";
import type { StepOutcome } from "./runStep.ts";

/** The OperationStepCompleted / OperationStepFailed answer to a lifecycle request. */
export function answerStep<T>(input: {
  incoming: DomainEvent;
  operationId: string;
  operation: OperationKind;
  service: Service;
  outcome: StepOutcome<T>;
  result?: (value: T) => Pick<DataOf<"OperationStepCompleted">, "compute" | "backup">;
  /** Flags a failure carries, from its code (storage: a restore that could not put the data back). */
  failureFlags?: (code: string) => Pick<DataOf<"OperationStepFailed">, "unsafeToResume">;
  context: ReplyContext;
}): DomainEvent {
  const { incoming, operationId, operation, service, outcome, context } = input;
  const answers = answeredRequest(incoming["detail-type"]);
  if (!outcome.ok)
    return reply(
      incoming,
      "OperationStepFailed",
      {
        operationId,
        operation,
        service,
        ...answers,
        ...outcome.failure,
        ...input.failureFlags?.(outcome.failure.code),
      },
      context,
    );
  const extra = input.result ? input.result(outcome.value) : {};
  return reply(
    incoming,
    "OperationStepCompleted",
    { operationId, operation, service, ...answers, ...extra },
    context,
  );
}

function answeredRequest(detailType: string): Pick<DataOf<"OperationStepCompleted">, "answers"> {
  const request = LIFECYCLE_REQUESTS.find((name) => name === detailType);
  return request ? { answers: request } : {};
}
