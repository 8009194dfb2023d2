import { ServiceError } from "@bbws/contracts";

/** Errors of the compute service; codes are `COMPUTE.*`. */
export class ComputeError extends ServiceError {}

/**
 * The install task runs, or WordPress does not answer yet: a wait, not a failure. The record comes
 * back after `retryAfterSeconds` (the consumer changes its visibility), and the decider fails the
 * step once its deadline passed (PENDING_WAITS, domain/waitCompute.ts).
 */
export class HealthPendingError extends ComputeError {
  readonly retryAfterSeconds: number;
  constructor(reason: string, retryAfterSeconds: number) {
    super("COMPUTE.HEALTH_CHECK_FAILED", `WordPress is not healthy yet: ${reason}`, { retryable: true });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * ECS still rolls the service onto a revision (new tasks starting, old ones draining): a wait, not
 * a failure, like HealthPendingError, with the rollout's deadline (PENDING_WAITS.rollout).
 */
export class RolloutPendingError extends ComputeError {
  readonly retryAfterSeconds: number;
  constructor(reason: string, retryAfterSeconds: number) {
    super("COMPUTE.DEPLOYMENT_IN_PROGRESS", reason, { retryable: true });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
