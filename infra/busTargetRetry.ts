/** Pure data, shared by infra/busTargets.ts and the wiring test. */

/**
 * An hour, not EventBridge's default 24 h: every operation's deadline is ≤ 15 min, so an event
 * still undelivered after an hour has made its operation STUCK already, and the operator
 * should hear of the cause (the DLQ alarm) the same hour. Attempts are left at the maximum
 * (185): the age bounds the retries. Valid ranges: 60..86400 s, 0..185 (API RetryPolicy).
 */
export const BUS_TARGET_RETRY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 185 } as const;
