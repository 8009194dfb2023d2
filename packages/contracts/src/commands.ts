import { z } from "zod";
import { BackupIdSchema } from "./events/lifecycle.ts";
import { InstanceIdSchema, OperationIdSchema } from "./identifiers.ts";
import { DesiredCountSchema, InstanceSpecSchema, SizeSchema, WordPressSchema } from "./instanceSpec.ts";
import { InstanceStateSchema, OperationKindSchema, OperationStatusSchema } from "./stateMachine.ts";

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
  z.object({ ...CommandBase, operation: z.literal("rotateCredentials") }),
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
export const RejectionCodeSchema = z.enum(REJECTION_CODES);

export const RejectionSchema = z
  .object({
    code: RejectionCodeSchema,
    message: z.string(),
    /** The operations the instance's current state allows (for 409 answers). */
    allowed: z.array(OperationKindSchema).readonly(),
    instanceId: InstanceIdSchema.optional(),
  })
  .readonly();
export type Rejection = z.infer<typeof RejectionSchema>;

/** An operation as operators see it: the same fields whatever record holds it. */
export const OperationViewSchema = z.object({
  operationId: OperationIdSchema,
  instanceId: InstanceIdSchema,
  kind: OperationKindSchema,
  status: OperationStatusSchema,
  requestedAt: z.string(),
  deadlineAt: z.string(),
  finishedAt: z.string().optional(),
  failure: z.object({ code: z.string(), reason: z.string(), service: z.string().optional() }).optional(),
});
export type OperationView = z.infer<typeof OperationViewSchema>;

/** The ledger's synchronous answer to a command. */
export const CommandResultSchema = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("accepted"), operation: OperationViewSchema, state: InstanceStateSchema }),
  z.object({ outcome: z.literal("rejected"), rejection: RejectionSchema }),
]);
export type CommandResult = z.infer<typeof CommandResultSchema>;

/**
 * The operator-facing view of an operation record: its public fields, without the
 * ledger's bookkeeping (stage, awaiting services, parameters).
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
