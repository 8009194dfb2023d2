/** How long compute waits on one step AWS finishes at its own pace, and how often it looks. */
export interface PendingWait {
  /** From the step's first look: past it, the step fails (compute's decider, domain/waitCompute.ts). */
  readonly deadlineSeconds: number;
  /** The record comes back this soon, not after the queue's visibility timeout (ChangeMessageVisibility). */
  readonly retryAfterSeconds: number;
}

/**
 * Compute's waits while it provisions. Here, next to the operations' deadlines, because they are
 * part of provisioning's 15 minutes (OPERATION_RULES.provision, a test holds the sum below it), and
 * because the deployment sizes the compute queue's receives from them (infra/consumerBudgets.ts).
 * - Install task: Fargate takes tens of seconds from RunTask to RUNNING (image pull, ENI), then the
 *   install runs ~15 s; a look every 10 s costs one DescribeTasks and adds 5 s on average.
 * - Service health: a new target is healthy after its FIRST passing check (routing's
 *   DEFAULT_HEALTH_CHECK: every 10 s), so looking every 10 s follows the ALB's own pace.
 */
export const PENDING_WAITS = {
  installTask: { deadlineSeconds: 480, retryAfterSeconds: 10 },
  serviceHealth: { deadlineSeconds: 300, retryAfterSeconds: 10 },
} as const satisfies Readonly<Record<string, PendingWait>>;
