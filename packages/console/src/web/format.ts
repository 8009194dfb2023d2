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
 * The health column: what the instance view carries (the ledger's last report), as it is; a
 * `status` field is shown when the API adds one, else the HTTP status of the last check.
 */
export function healthOf(instance: { health?: { httpStatus?: number; status?: unknown } }): string {
  const health = instance.health;
  if (!health) return "no report";
  if (typeof health.status === "string") return health.status;
  return health.httpStatus !== undefined ? `HTTP ${health.httpStatus}` : "reported";
}

export const stateClass = (state: string) => `state state-${state.toLowerCase().replace(/_/g, "-")}`;
