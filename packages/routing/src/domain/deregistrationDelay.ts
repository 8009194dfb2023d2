/**
 * How long the ALB lets a deregistering target finish its in-flight requests before it is
 * `unused` (the target group attribute `deregistration_delay.timeout_seconds`; ELB's default is
 * 300 s, AWS allows 0–3600). Every ECS rollout (update, restart, scale, credentials rotation)
 * waits this long for the old task's target before it stops the task. Why 30 s:
 * - WordPress requests are short: a page in well under a second, and PHP stops a script after
 *   its default `max_execution_time` of 30 s, so no ordinary request outlives the delay.
 * - The ALB's idle timeout (60 s by default) already ends a request that sends nothing for that
 *   long, so a longer delay would only keep an idle connection open.
 * - It cuts the drain of a rollout from 300 s to 30 s: the worst case goes from ~430 s to ~160 s
 *   (compute's README, the rollout wait).
 */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * AWS's range for `deregistration_delay.timeout_seconds` (ELBv2 API reference, TargetGroupAttribute):
 * the fake ELB refuses a value outside it, so the provider's tests fail on a delay AWS would refuse.
 */
export const DEREGISTRATION_DELAY_RANGE = { min: 0, max: 3600 } as const;
