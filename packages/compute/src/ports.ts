import type { InstanceRef } from "@bbws/contracts";
import type { ComputeRequest, FoundCompute, WordPressImage } from "./domain/computeEffect.ts";

export type { ComputeRequest, FoundCompute, WordPressImage };

/** A page of the tenant's WordPress server log (CloudWatch Logs on AWS, the php -S output locally). */
export interface LogQuery {
  /** Events at or after this time. */
  readonly startTime?: Date;
  /** Events before this time. */
  readonly endTime?: Date;
  /** 1 to 1000 (default 100). */
  readonly limit?: number;
  /** From the previous page; opaque. */
  readonly nextToken?: string;
}
export interface LogEvent {
  /** ISO 8601. */
  readonly timestamp: string;
  readonly message: string;
}
export interface LogPage {
  readonly events: LogEvent[];
  /** Absent on the last page (so far: more may be written later). */
  readonly nextToken?: string;
}

/**
 * The tenant's WordPress, one cloud step a method: an ECS Fargate task definition and service on
 * AWS, a php -S process group locally. The decider chooses the order and keeps what each step
 * answered; every step adopts what already exists, so repeating it after a crash (the executor
 * recorded the intent, not the result) makes nothing twice. Where a platform has nothing to do
 * for a step, its adapter says so and returns at once.
 */
export interface ComputeProvider {
  /**
   * The tenant's own role, granted only what `request` names (its access point, its secrets, its
   * log streams); adopts this instance's existing role. Answers its reference (IAM: the role ARN).
   * A full role quota is a non-retryable COMPUTE.QUOTA_EXHAUSTED before anything is created.
   * Local: nothing to create (the tenant's POSIX uid, made by storage, is what confines it).
   */
  createTaskRole(instance: InstanceRef, request: ComputeRequest): Promise<string>;
  /** The tenant's log group (ECS: CloudWatch, tagged, with retention). Local: nothing to prepare. */
  prepareLogs(instance: InstanceRef): Promise<void>;
  /** A revision made from `request`; answers its reference (ECS: a task definition ARN). */
  registerRevision(instance: InstanceRef, request: ComputeRequest): Promise<string>;
  /** Starts the one-off WordPress install of the revision; `attempt` is its idempotency token. Answers the task. */
  startInstall(
    instance: InstanceRef,
    input: { revisionRef: string; attempt: number; siteUrl: string },
  ): Promise<string>;
  /**
   * "installed" once it ended well; "gone" when the platform forgot it (the next attempt runs).
   * Throws HealthPendingError while it runs, a non-retryable COMPUTE.INSTALL_FAILED when it failed.
   */
  awaitInstall(instance: InstanceRef, input: { taskRef: string }): Promise<"installed" | "gone">;
  /** The service running the revision with `desiredCount` tasks; adopts this instance's existing one. */
  createService(
    instance: InstanceRef,
    input: { revisionRef: string; desiredCount: number; targetGroupRef: string },
  ): Promise<string>;
  /** Hands the service a revision and a count: a rolling deployment. */
  deployRevision(instance: InstanceRef, input: { revisionRef: string; desiredCount: number }): Promise<void>;
  /**
   * Resolves once the deployment of the revision completed; a retryable COMPUTE.DEPLOYMENT_IN_PROGRESS
   * while it runs, COMPUTE.DEPLOYMENT_FAILED when it was rolled back.
   */
  awaitRollout(instance: InstanceRef, input: { revisionRef: string }): Promise<void>;
  /** Only the count (0 suspends); `currentCount` is what runs now, so the new tasks are the difference. */
  setDesiredCount(
    instance: InstanceRef,
    input: { desiredCount: number; currentCount: number },
  ): Promise<void>;
  /**
   * Fresh tasks of the same revision (a rolling replacement) that read the credentials secret again;
   * the old tasks serve until the new ones do, so a credentials rotation never drops a request.
   */
  restartService(
    instance: InstanceRef,
    input: { desiredCount: number; credentialsSecretRef?: string },
  ): Promise<void>;
  /** Resolves when WordPress answers 200 at `url`; throws HealthPendingError while it does not yet. */
  checkHealth(
    instance: InstanceRef,
    input: { url: string; targetGroupRef: string },
  ): Promise<{ url: string; httpStatus: number }>;
  /** Whether the names are this instance's: another instance's compute is never released. */
  findCompute(instance: InstanceRef): Promise<FoundCompute>;
  /** Stops and deletes the service; answers what it removed ("not found" removes nothing). */
  deleteService(instance: InstanceRef): Promise<string[]>;
  /** Deletes every revision (and what the platform keeps with them); answers what it removed. */
  deleteRevisions(instance: InstanceRef): Promise<string[]>;
  /** Deletes the tenant's role (its inline policy first); answers what it removed ("not found" removes nothing). */
  deleteTaskRole(instance: InstanceRef): Promise<string[]>;
  /** Optional: the server log, oldest first; throws a non-retryable ComputeError on a bad query. */
  readLogs?(instance: InstanceRef, query?: LogQuery): Promise<LogPage>;
}
