import type { HealthCheckPart, HealthCheckTarget, HealthProbe } from "@bbws/contracts";

export interface HealthProbeRun {
  readonly probes: readonly HealthProbe[];
  readonly target: HealthCheckTarget;
  /** Each part's budget; the parts run at once, so the check takes about the slowest one. */
  readonly partTimeoutMs: number;
  /** Epoch milliseconds (injected for tests). */
  readonly now: () => number;
}

/**
 * Runs every probe at once, each under its own timeout: a part that does not answer in time
 * is `timeout` (unknown, its signal aborted), one that throws is `fail` with the error's message.
 * Never rejects, so a live check always answers within about `partTimeoutMs`.
 */
export function runHealthProbes(run: HealthProbeRun): Promise<HealthCheckPart[]> {
  return Promise.all(run.probes.map((probe) => runOne(probe, run)));
}

async function runOne(probe: HealthProbe, run: HealthProbeRun): Promise<HealthCheckPart> {
  const started = run.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), run.partTimeoutMs);
  });
  try {
    const found = await Promise.race([probe.check(run.target, controller.signal), timedOut]);
    const ms = Math.max(0, Math.round(run.now() - started));
    if (found === "timeout") {
      controller.abort();
      return { part: probe.part, outcome: "timeout", ms, detail: `no answer within ${run.partTimeoutMs} ms` };
    }
    return {
      part: probe.part,
      outcome: found.outcome,
      ms,
      detail: found.detail,
      ...(found.drift?.length ? { drift: [...found.drift] } : {}),
    };
  } catch (error) {
    const ms = Math.max(0, Math.round(run.now() - started));
    return {
      part: probe.part,
      outcome: "fail",
      ms,
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
