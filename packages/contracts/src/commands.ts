import { z } from "zod";
import { BackupIdSchema } from "./events/lifecycle.ts";
import { InstanceIdSchema, OperationIdSchema } from "./identifiers.ts";
import { DesiredCountSchema, InstanceSpecSchema, SizeSchema, WordPressSchema } from "./instanceSpec.ts";
import type { InstanceState, OperationKind, OperationStatus } from "./stateMachine.ts";

/**
 * Commands: what the API (and the TenantCreated intake) asks of the ledger, the
 * owner of instance state. The ledger accepts or rejects each synchronously.
 */
const CommandBase = {
  instanceId: InstanceIdSchema,
  operationId: OperationIdSchema,
  correlationId: z.string().min(1).max(128),
  requestedBy: z.string().min(1).max(256),
};

export const LedgerCommandSchema = z.discriminatedUnion("operation", [
  z.object({ ...CommandBase, operation: z.literal("provision"), spec: InstanceSpecSchema }),
  z.object({ ...CommandBase, operation: z.literal("suspend") }),
  z.object({ ...CommandBase, operation: z.literal("resume") }),
  z.object({
    ...CommandBase,
    operation: z.literal("scale"),
    desiredCount: DesiredCountSchema,
    size: SizeSchema.optional(),
  }),
  z.object({ ...CommandBase, operation: z.literal("updateImage"), wordpress: WordPressSchema }),
  z.object({ ...CommandBase, operation: z.literal("restart") }),
  z.object({ ...CommandBase, operation: z.literal("backup"), backupId: BackupIdSchema }),
  z.object({ ...CommandBase, operation: z.literal("restore"), backupId: BackupIdSchema }),
  z.object({ ...CommandBase, operation: z.literal("deprovision") }),
]);
export type LedgerCommand = z.infer<typeof LedgerCommandSchema>;

/** Why the ledger refused a command; the API maps `code` to an HTTP status. */
export const REJECTION_CODES = [
  "LEDGER.INSTANCE_NOT_FOUND",
  "LEDGER.INSTANCE_EXISTS",
  "LEDGER.OPERATION_IN_PROGRESS",
  "LEDGER.TRANSITION_FORBIDDEN",
  "LEDGER.BACKUP_NOT_FOUND",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  /** The operations the instance's current state allows (for 409 answers). */
  readonly allowed: readonly OperationKind[];
  readonly instanceId?: string;
}

export interface OperationView {
  readonly operationId: string;
  readonly instanceId: string;
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  readonly requestedAt: string;
  readonly deadlineAt: string;
  readonly finishedAt?: string;
  readonly failure?: { readonly code: string; readonly reason: string; readonly service?: string };
}

export type CommandResult =
  | { readonly outcome: "accepted"; readonly operation: OperationView; readonly state: InstanceState }
  | { readonly outcome: "rejected"; readonly rejection: Rejection };

/**
 * The operator-facing view of an operation: the same fields whatever record
 * holds it (the ledger's operation, the API's read model).
 */
export function toOperationView(
  instanceId: string,
  operation: Omit<OperationView, "instanceId">,
): OperationView {
  return {
    operationId: operation.operationId,
    instanceId,
    kind: operation.kind,
    status: operation.status,
    requestedAt: operation.requestedAt,
    deadlineAt: operation.deadlineAt,
    ...(operation.finishedAt ? { finishedAt: operation.finishedAt } : {}),
    ...(operation.failure ? { failure: failureView(operation.failure) } : {}),
  };
}

function failureView(failure: NonNullable<OperationView["failure"]>): NonNullable<OperationView["failure"]> {
  const { code, reason, service } = failure;
  return service ? { code, reason, service } : { code, reason };
}
