import { INBOX_MEMORY_MS } from "@bbws/contracts";
import type { JournalEntry } from "./serviceJournal.ts";

/**
 * The journal without the handled requests that occurred more than INBOX_MEMORY_MS before `now`,
 * and with `forgottenBefore` moved to the newest one it dropped. Requests still being handled stay.
 */
export function forgetOldRequests(entry: JournalEntry, now: Date): JournalEntry {
  const cutoff = now.getTime() - INBOX_MEMORY_MS;
  const inbox: Record<string, JournalEntry["inbox"][string]> = {};
  let forgottenBefore = entry.forgottenBefore;
  for (const [eventId, seen] of Object.entries(entry.inbox)) {
    const occurredAt = seen.status === "done" ? (seen.occurredAt ?? seen.at) : undefined;
    if (occurredAt === undefined || Date.parse(occurredAt) >= cutoff) {
      inbox[eventId] = seen;
      continue;
    }
    if (forgottenBefore === undefined || Date.parse(occurredAt) > Date.parse(forgottenBefore))
      forgottenBefore = occurredAt;
  }
  return { ...entry, inbox, ...(forgottenBefore ? { forgottenBefore } : {}) };
}

/** A request the inbox no longer lists but that occurred before what it forgot: handled long ago. */
export function isForgotten(entry: JournalEntry, occurredAt: string): boolean {
  return entry.forgottenBefore !== undefined && Date.parse(occurredAt) <= Date.parse(entry.forgottenBefore);
}
