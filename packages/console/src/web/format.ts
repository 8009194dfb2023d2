/** "3 min", "2 h", "5 d": how long ago, for an age column. */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129_600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * The health column: the API's health status while ACTIVE (HEALTHY, DEGRADED, UNHEALTHY,
 * UNKNOWN) with what drifted; "not watched" in any other state (GET .../health tells more).
 */
export function healthOf(instance: { healthStatus?: string; drift?: readonly string[] }): string {
  const { healthStatus, drift } = instance;
  if (!healthStatus) return "not watched";
  return drift?.length ? `${healthStatus} (drift: ${drift.join(", ")})` : healthStatus;
}

export const stateClass = (state: string) => `state state-${state.toLowerCase().replace(/_/g, "-")}`;
