import { API_PREFIX } from "../domain/links.ts";
import type { CleanupRecord, OrphanCleanupView } from "../domain/viewSchemas.ts";

/**
 * How long a cleanup may stay RUNNING: the scan function's 300 s timeout, times the three
 * attempts Lambda makes of an asynchronous invocation, plus queueing. Past it the function
 * died without recording an end: STUCK.
 */
export const CLEANUP_DEADLINE_MS = 20 * 60 * 1000;

export const cleanupPath = (cleanupId: string) => `${API_PREFIX}/orphans/cleanups/${cleanupId}`;

/** The record as the API shows it (`now` in epoch ms). */
export function cleanupView(record: CleanupRecord, now: number): OrphanCleanupView {
  const overdue = record.status === "RUNNING" && now - Date.parse(record.requestedAt) > CLEANUP_DEADLINE_MS;
  return {
    ...record,
    status: overdue ? "STUCK" : record.status,
    _links: { self: { href: cleanupPath(record.cleanupId) } },
  };
}
