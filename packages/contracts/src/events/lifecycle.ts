import { z } from "zod";
import { defineEvent } from "../envelope.ts";
import { FailureCodeSchema, FailureSchema } from "../failure.ts";
import { OperationIdSchema, SERVICES, ServiceSchema } from "../identifiers.ts";
import { DesiredCountSchema, SizeSchema, WordPressSchema } from "../instanceSpec.ts";
import { InstanceStateSchema, OperationKindSchema } from "../stateMachine.ts";
import { ArchiveSchema, ComputeOutputsSchema } from "./outputs.ts";

const OperationRef = { operationId: OperationIdSchema };
export const BackupIdSchema = z.uuid({ error: "backupId must be a UUID" });

export const BackupSchema = ArchiveSchema.extend({ backupId: BackupIdSchema, takenAt: z.iso.datetime() });
export type Backup = z.infer<typeof BackupSchema>;

// Requests: the ledger accepted an operator's action; the services named in the
// operation's stage (OPERATION_RULES) carry it out.
export const SuspendRequested = defineEvent({
  name: "SuspendRequested",
  producer: "ledger",
  description:
    "Compute scales the service to 0 (remembering its count); routing answers 503 maintenance. " +
    "`operation` (absent: suspend) is the operation this step belongs to (a restore suspends first); " +
    "services echo it.",
  data: z.object({ ...OperationRef, operation: z.enum(["suspend", "restore"]).optional() }),
});
export const ResumeRequested = defineEvent({
  name: "ResumeRequested",
  producer: "ledger",
  description:
    "Compute restores the remembered task count and waits for health; routing forwards to the target group " +
    "again. `operation` (absent: resume) is the operation this step belongs to (a restore resumes last); " +
    "services echo it.",
  data: z.object({ ...OperationRef, operation: z.enum(["resume", "restore"]).optional() }),
});
export const ScaleRequested = defineEvent({
  name: "ScaleRequested",
  producer: "ledger",
  description:
    "Compute sets the task count (1-10) and, for a size change, registers a new task definition revision.",
  data: z.object({ ...OperationRef, desiredCount: DesiredCountSchema, size: SizeSchema.optional() }),
});
export const ImageUpdateRequested = defineEvent({
  name: "ImageUpdateRequested",
  producer: "ledger",
  description:
    "Compute rolls out a new WordPress image (rolled back by the deployment circuit breaker on failure).",
  data: z.object({ ...OperationRef, wordpress: WordPressSchema }),
});
export const RestartRequested = defineEvent({
  name: "RestartRequested",
  producer: "ledger",
  description:
    "Compute forces a new deployment of the same task definition (new tasks read the credentials secret " +
    "again). `operation` (absent: restart) is the operation this step belongs to (a credentials rotation " +
    "restarts between its storage steps); compute echoes it.",
  data: z.object({ ...OperationRef, operation: z.enum(["restart", "rotateCredentials"]).optional() }),
});
export const BackupRequested = defineEvent({
  name: "BackupRequested",
  producer: "ledger",
  description: "Storage takes a consistent backup (one-transaction database dump plus content).",
  data: z.object({ ...OperationRef, backupId: BackupIdSchema }),
});
export const RestoreRequested = defineEvent({
  name: "RestoreRequested",
  producer: "ledger",
  description:
    "Storage takes a safety backup, then replaces the database and content with the backup's (verified " +
    "against its sha256). If that fails it puts the safety backup back and reports the failure.",
  // `backup` was added within v1, so optional: the ledger always sends it; storage refuses a request without.
  data: z.object({ ...OperationRef, backupId: BackupIdSchema, backup: BackupSchema.optional() }),
});

export const ROTATION_PHASES = ["switch", "revoke", "rollBack"] as const;
export const CredentialsRotationRequested = defineEvent({
  name: "CredentialsRotationRequested",
  producer: "ledger",
  description:
    "Storage rotates the tenant's database password with alternating users (HLD 6.2). `switch`: a new " +
    "password on the other user, tested, then made the secret's current value (the old user still works); " +
    "`revoke` (after compute restarted onto it): the old user's password is replaced by one nobody knows; " +
    "`rollBack` (compute could not restart): the old credentials go back into the secret and the new " +
    "password is revoked.",
  data: z.object({
    ...OperationRef,
    phase: z.enum(ROTATION_PHASES),
    /** rollBack: the rotation (its operation id) whose switch is undone; the undo has an id of its own. */
    rotationId: OperationIdSchema.optional(),
  }),
});

// Step outcomes: one per participating service.
export const LIFECYCLE_REQUESTS = [
  "SuspendRequested",
  "ResumeRequested",
  "ScaleRequested",
  "ImageUpdateRequested",
  "RestartRequested",
  "BackupRequested",
  "RestoreRequested",
  "CredentialsRotationRequested",
] as const;
/** Which request a step answers: a restore's suspend and resume steps come from the same services. */
const Answers = { answers: z.enum(LIFECYCLE_REQUESTS).optional() };

export const OperationStepCompleted = defineEvent({
  name: "OperationStepCompleted",
  producer: SERVICES,
  description: "A service finished its part of a lifecycle operation.",
  data: z.object({
    ...OperationRef,
    operation: OperationKindSchema,
    service: ServiceSchema,
    ...Answers,
    compute: ComputeOutputsSchema.optional(),
    backup: BackupSchema.optional(),
  }),
});
export const OperationStepFailed = defineEvent({
  name: "OperationStepFailed",
  producer: SERVICES,
  description: "A service could not do its part of a lifecycle operation.",
  data: FailureSchema.extend({
    operation: OperationKindSchema,
    service: ServiceSchema,
    ...Answers,
    /** The service could not put things back as they were: the ledger must not bring the instance back. */
    unsafeToResume: z.boolean().optional(),
  }),
});

// Outcomes: the ledger folded every step.
function outcome<const Name extends string, Extra extends z.ZodRawShape>(
  name: Name,
  description: string,
  extra: Extra,
) {
  return defineEvent({
    name,
    producer: "ledger",
    description,
    data: z.object({ ...OperationRef, ...extra }),
  });
}
export const InstanceSuspended = outcome(
  "InstanceSuspended",
  "The instance is SUSPENDED: no task runs, visitors get a maintenance page.",
  {},
);
export const InstanceResumed = outcome("InstanceResumed", "The instance is ACTIVE again.", {});
export const InstanceScaled = outcome("InstanceScaled", "The new task count (and size) is in service.", {
  desiredCount: DesiredCountSchema,
});
export const InstanceImageUpdated = outcome(
  "InstanceImageUpdated",
  "The new WordPress image is in service.",
  { wordpress: WordPressSchema },
);
export const InstanceRestarted = outcome("InstanceRestarted", "Every task was replaced.", {});
export const BackupCompleted = outcome("BackupCompleted", "A backup is stored and verified.", {
  backup: BackupSchema,
});
export const RestoreCompleted = outcome("RestoreCompleted", "The instance runs on the restored data.", {
  backupId: BackupIdSchema,
});

export const CredentialsRotated = outcome(
  "CredentialsRotated",
  "The site runs on a new database password (the other user); the old user's password no longer works.",
  {},
);

export const OperationFailed = defineEvent({
  name: "OperationFailed",
  producer: "ledger",
  description:
    "A lifecycle operation failed and was compensated (COMPENSATION_RULES); LEDGER.INCONSISTENT: the undo failed too.",
  data: z.object({
    ...OperationRef,
    operation: OperationKindSchema,
    code: FailureCodeSchema,
    reason: z.string().min(1),
  }),
});

export const InstanceInconsistent = defineEvent({
  name: "InstanceInconsistent",
  producer: "ledger",
  description:
    "A lifecycle operation failed and undoing it failed too (COMPENSATION_RULES): `services` may disagree " +
    "with each other or with the ledger. The operation is FAILED with LEDGER.INCONSISTENT, the instance is " +
    "recorded as `state` (the one that claims least); an operator fixes the cause and runs `repair` (alarm).",
  data: z.object({
    ...OperationRef,
    operation: OperationKindSchema,
    services: z.array(ServiceSchema).min(1),
    code: FailureCodeSchema,
    reason: z.string().min(1),
    state: InstanceStateSchema,
    repair: OperationKindSchema,
  }),
});

export const OperationStuck = defineEvent({
  name: "OperationStuck",
  producer: "ledger",
  description: "An operation passed its deadline without finishing; an operator should look (alarm).",
  data: z.object({
    operationId: OperationIdSchema,
    operation: OperationKindSchema,
    startedAt: z.iso.datetime(),
    deadlineAt: z.iso.datetime(),
  }),
});
