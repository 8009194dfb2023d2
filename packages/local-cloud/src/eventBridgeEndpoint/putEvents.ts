import type { BusEvent } from "@bbws/contracts";
import { entrySize, MAX_ENTRY_BYTES } from "@bbws/mesh";
import { type AwsJsonError, awsJsonError, TOTAL_SIZE_OVER_LIMIT } from "./awsJsonError.ts";
import type { BusDescriptor } from "./localEventsCredentials.ts";
import { type RequestEntry, validateEntry } from "./validateEntry.ts";

export interface PutEventsResultEntry {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

export interface PutEventsResponse {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

export interface PutEventsDeps {
  readonly bus: BusDescriptor;
  readonly newId: () => string;
  /** Puts one validated event on the bus; rejects when the bus did not take it. */
  readonly publish: (event: BusEvent) => Promise<void>;
}

const MAX_ENTRIES = 10;

/**
 * PutEvents as EventBridge answers it: the whole request fails (ValidationException) for 0 or more
 * than 10 entries or over 256 KB in total; otherwise each entry succeeds (EventId) or fails
 * (ErrorCode, ErrorMessage) on its own, in request order, and FailedEntryCount counts the failures.
 * A failed entry publishes nothing.
 */
export async function putEvents(
  input: unknown,
  deps: PutEventsDeps,
): Promise<{ response: PutEventsResponse } | { error: AwsJsonError }> {
  const entries = entriesOf(input);
  if ("error" in entries) return entries;
  const results: PutEventsResultEntry[] = [];
  for (const entry of entries.list) results.push(await putOne(entry, deps));
  const failed = results.filter((result) => result.ErrorCode !== undefined).length;
  return { response: { FailedEntryCount: failed, Entries: results } };
}

async function putOne(entry: RequestEntry, deps: PutEventsDeps): Promise<PutEventsResultEntry> {
  const verdict = validateEntry(entry, deps.bus);
  if (!verdict.ok) return { ErrorCode: verdict.errorCode, ErrorMessage: verdict.errorMessage };
  try {
    await deps.publish(verdict.event);
    return { EventId: deps.newId() };
  } catch (error) {
    return {
      ErrorCode: "InternalFailure",
      ErrorMessage: error instanceof Error ? error.message : String(error),
    };
  }
}

function entriesOf(input: unknown): { list: readonly RequestEntry[] } | { error: AwsJsonError } {
  const list = (input as { Entries?: unknown } | null)?.Entries;
  if (list === undefined || list === null)
    return validation("Value null at 'entries' failed to satisfy constraint: Member must not be null");
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === "object" && entry !== null))
    return { error: awsJsonError(400, "SerializationException", "Entries must be a list of objects.") };
  if (list.length === 0)
    return validation(
      "Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  if (list.length > MAX_ENTRIES)
    return validation(
      "Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: " +
        `Member must have length less than or equal to ${MAX_ENTRIES}`,
    );
  const entries = list as RequestEntry[];
  if (entries.reduce((sum, entry) => sum + sizeOf(entry), 0) > MAX_ENTRY_BYTES)
    return { error: TOTAL_SIZE_OVER_LIMIT };
  return { list: entries };
}

function validation(detail: string): { error: AwsJsonError } {
  return { error: awsJsonError(400, "ValidationException", `1 validation error detected: ${detail}`) };
}

/** AWS's formula ("Calculating PutEvents event entry size"): EventBusName does not count, Time is 14 bytes. */
function sizeOf(entry: RequestEntry): number {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.filter((r) => typeof r === "string")
    : [];
  return entrySize({
    source: text(entry.Source),
    detailType: text(entry.DetailType),
    detail: text(entry.Detail),
    resources,
    hasTime: entry.Time !== undefined && entry.Time !== null,
  });
}
