import { ServiceError } from "@bbws/contracts";

/** Errors of the compute service; codes are `COMPUTE.*`. */
export class ComputeError extends ServiceError {}

/** WordPress does not answer yet: retried with backoff until the queue's last receive. */
export class HealthPendingError extends ComputeError {
  constructor(reason: string) {
    super("COMPUTE.HEALTH_CHECK_FAILED", `WordPress is not healthy yet: ${reason}`, { retryable: true });
  }
}
