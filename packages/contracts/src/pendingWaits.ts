/**
 * How far a pending step is from done, as AWS's own answer tells: `far` while the task is still
 * starting (ECS: PROVISIONING, PENDING, ACTIVATING), `near` once it runs and its end is a matter
 * of seconds (the install task RUNNING, a target in its first health check).
 */
export type LookPhase = "far" | "near";

/** How long compute waits on one step AWS finishes at its own pace, and how often it looks. */
export interface PendingWait {
  /** From the step's first look: past it, the step fails (compute's decider, domain/waitCompute.ts). */
  readonly deadlineSeconds: number;
  /** The record comes back this soon, by phase, not after the queue's visibility timeout (ChangeMessageVisibility). */
  readonly retryAfterSeconds: Readonly<Record<LookPhase, number>>;
}

/**
 * Compute's waits while it provisions or rolls out. Here, next to the operations' deadlines, because
 * they are part of them (OPERATION_RULES.provision's 15 minutes hold install + health, scale's 10
 * the rollout; tests hold both), and because the deployment sizes the compute queue's receives
 * from them (infra/consumerBudgets.ts, at the shortest spacing). A look costs one ECS read (DescribeTasks / DescribeServices), and ECS
 * reads are the account's to share, so compute looks rarely while a task starts and often once
 * it runs:
 * - Install task: Fargate takes tens of seconds from RunTask to RUNNING (ENI, image pull); `far`
 *   is 15 s, no longer than the install runs once RUNNING (`wp core install`, ~15 s), so a look
 *   lands while it runs; then every 3 s, so the wait ends within ~3 s of the container's exit
 *   (every 2 s: p99 + 1.7 s instead of + 2.7 s in bench:aws-sim, for one ECS read more a tenant).
 * - Service health: a new target is healthy after its FIRST passing check (routing's
 *   DEFAULT_HEALTH_CHECK: every 10 s). While the service's task starts, a look every 10 s (one
 *   interval, so the look lands within the target's first interval); once the task runs and the
 *   target is in its first check, every 2 s.
 * - Rollout (a new revision or a restart, until ECS says COMPLETED): the new tasks start (Fargate,
 *   ≤ ~90 s), pass their first health check (≤ 10 s), then the old targets drain for the target
 *   group's deregistration delay (30 s, set by routing on each group it creates; ELB's default
 *   300 s on a group created before routing set it) and stop (≤ 30 s): about 160 s at worst, 430 s
 *   on such an older group. The deadline leaves 110 s over the older groups' 430 s and fits, with
 *   the steps before it, in the shortest operation that rolls out (OPERATION_RULES.scale, 10 min;
 *   a test holds it). While tasks start or old ones drain, a look every 15 s; once only the new
 *   deployment is left with all its tasks running, ECS marks it COMPLETED within seconds: every
 *   3 s. A rollout the circuit breaker fails (3 failed tasks at least) may outlast it: the step
 *   then fails at the deadline and the next change hands its revision over again.
 */
export const PENDING_WAITS = {
  installTask: { deadlineSeconds: 480, retryAfterSeconds: { far: 15, near: 3 } },
  serviceHealth: { deadlineSeconds: 300, retryAfterSeconds: { far: 10, near: 2 } },
  rollout: { deadlineSeconds: 540, retryAfterSeconds: { far: 15, near: 3 } },
} as const satisfies Readonly<Record<string, PendingWait>>;

/** The closest two looks of a wait can be: what the compute queue's receives must allow for. */
export const shortestLookSeconds = (wait: PendingWait): number =>
  Math.min(...Object.values(wait.retryAfterSeconds));
