import type {
  Archive,
  Backup,
  ComputeOutputs,
  Environment,
  IdentityOutputs,
  InstanceSpec,
  InstanceState,
  OperationKind,
  OperationStatus,
  RoutingOutputs,
  Service,
  StorageOutputs,
} from "@bbws/contracts";

/**
 * What the ledger knows of a service's resources for the instance.
 * `releasing` stays until that service reports Released after the last request.
 */
export type ResourceStatus = "absent" | "creating" | "ready" | "releasing" | "released";

export interface OperationRecord {
  readonly operationId: string;
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly correlationId: string;
  readonly deadlineAt: string;
  readonly finishedAt?: string;
  /** Index into `stagesOf(kind, state)` of the stage being carried out. */
  readonly stage: number;
  /** Services of the current stage that have not reported yet. */
  readonly awaiting: readonly Service[];
  readonly params: OperationParams;
  /**
   * Why it failed: the first failed step. Set while the operation is still open when the
   * ledger compensates it (COMPENSATION_RULES): a restore's last stage, or an undo.
   */
  readonly failure?: OperationFailure;
  /** Set while the ledger undoes a failed operation (COMPENSATION_RULES). */
  readonly undo?: UndoProgress;
}

/** An undo in progress: the services it awaits are the operation's `awaiting`. */
export interface UndoProgress {
  /** The undo request's own operation id, so a late answer to the failed step is never taken for the undo's. */
  readonly operationId: string;
  /** Undo steps that failed: their services may disagree with the others. */
  readonly failures: readonly OperationFailure[];
}

export interface OperationFailure {
  readonly code: string;
  readonly reason: string;
  readonly service?: string;
  /** The stage that failed (index into `stagesOf`). */
  readonly stage?: number;
}

export interface OperationParams {
  readonly desiredCount?: number;
  readonly size?: InstanceSpec["size"];
  readonly wordpress?: InstanceSpec["wordpress"];
  readonly backupId?: string;
}

/** Compensation or deprovisioning: services released stage by stage (HLD order). */
export interface ReleaseProgress {
  readonly reason: "rollback" | "deprovision";
  readonly stage: number;
  readonly awaiting: readonly Service[];
}

export interface InstanceOutputs {
  readonly identity?: IdentityOutputs;
  readonly storage?: StorageOutputs;
  readonly routing?: RoutingOutputs;
  readonly compute?: ComputeOutputs;
  /** Set by InstanceHealthy, which may arrive before ComputeReady. */
  readonly health?: { readonly url: string; readonly httpStatus: number };
  /** The archive storage made before it dropped the data (deprovisioning). */
  readonly archive?: Archive;
}

export interface InstanceRecord {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
  readonly spec: InstanceSpec;
  readonly state: InstanceState;
  readonly resources: Readonly<Record<Service, ResourceStatus>>;
  readonly outputs: InstanceOutputs;
  readonly operation: OperationRecord;
  readonly release: ReleaseProgress | null;
  readonly backups: readonly Backup[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function isOpen(operation: OperationRecord): boolean {
  return operation.status === "PENDING" || operation.status === "IN_PROGRESS" || operation.status === "STUCK";
}

const PROVISIONING_STATES: readonly InstanceState[] = ["PENDING_PROVISIONING", "PROVISIONING"];

export function isProvisioning(record: InstanceRecord): boolean {
  return PROVISIONING_STATES.includes(record.state) && record.operation.kind === "provision";
}

/** The first report of a service moves a PENDING operation to IN_PROGRESS. */
export function markInProgress(operation: OperationRecord): OperationRecord {
  return operation.status === "PENDING" ? { ...operation, status: "IN_PROGRESS" } : operation;
}
