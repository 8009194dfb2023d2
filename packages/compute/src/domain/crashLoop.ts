/**
 * How the local supervisor restarts a crashed php group, as an ECS service restarts its tasks:
 * at once the first time, then with a doubling delay up to a ceiling; `limit` failed starts in a
 * row is a crash loop, reported once as UNHEALTHY (the restarts go on, as ECS's do).
 */
export interface CrashLoopPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly limit: number;
}

export const DEFAULT_CRASH_LOOP_POLICY: CrashLoopPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  limit: 3,
};

export interface CrashState {
  /** Failed starts since the crash. */
  readonly failures: number;
  /** Epoch ms of the next start. */
  readonly nextStartAt: number;
  readonly loopReported: boolean;
}

export function crashed(now: number): CrashState {
  return { failures: 0, nextStartAt: now, loopReported: false };
}

/** After a failed start: when to try again, and whether this failure makes it a crash loop to report. */
export function afterFailedStart(
  state: CrashState,
  now: number,
  policy: CrashLoopPolicy,
): { state: CrashState; reportLoop: boolean } {
  const failures = state.failures + 1;
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  const reportLoop = failures >= policy.limit && !state.loopReported;
  return {
    state: { failures, nextStartAt: now + delay, loopReported: state.loopReported || reportLoop },
    reportLoop,
  };
}

export function isDue(state: CrashState, now: number): boolean {
  return now >= state.nextStartAt;
}
