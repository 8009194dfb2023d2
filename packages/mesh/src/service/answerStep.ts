import type { DataOf, DomainEvent, OperationKind, Service } from "@bbws/contracts";
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
  context: ReplyContext;
}): DomainEvent {
  const { incoming, operationId, operation, service, outcome, context } = input;
  if (!outcome.ok)
    return reply(
      incoming,
      "OperationStepFailed",
      { operationId, operation, service, ...outcome.failure },
      context,
    );
  const extra = input.result ? input.result(outcome.value) : {};
  return reply(incoming, "OperationStepCompleted", { operationId, operation, service, ...extra }, context);
}
