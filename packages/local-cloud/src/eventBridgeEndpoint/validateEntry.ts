import {
  type BusEvent,
  type EventName,
  eventDefinition,
  FROM_TENANT_MANAGEMENT,
  parseBusEvent,
  sourceOf,
} from "@bbws/contracts";
import { type BusDescriptor, busArn } from "./localEventsCredentials.ts";

/** A PutEvents request entry as the JSON protocol carries it. */
export interface RequestEntry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly EventBusName?: unknown;
  readonly Time?: unknown;
  readonly Resources?: unknown;
}

export type EntryVerdict =
  | { readonly ok: true; readonly event: BusEvent }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

/** Who may publish here: what the bus resource policy lets Tenant Management's account put on AWS. */
const PUBLISHER = "tenant-management" as const;

/**
 * One entry, judged first as EventBridge judges it (required fields, JSON object detail, bus), then as
 * our bus policy and contracts do: only Tenant Management's source and events, and a detail that
 * parses against the event's schema. A failure names what to fix.
 */
export function validateEntry(entry: RequestEntry, bus: BusDescriptor): EntryVerdict {
  for (const field of ["Source", "DetailType", "Detail"] as const) {
    if (typeof entry[field] !== "string" || entry[field] === "")
      return invalid(field, `${field} is a required argument.`);
  }
  const source = entry.Source as string;
  const detailType = entry.DetailType as string;
  const detail = parseDetail(entry.Detail as string);
  if (detail === undefined) return failed("MalformedDetail", "Detail is malformed.");
  const busName = entry.EventBusName;
  if (busName !== bus.name && busName !== busArn(bus))
    return invalid(
      "EventBusName",
      `set EventBusName to ${bus.name} (or ${busArn(bus)}); the local endpoint serves only that bus ` +
        `(got ${busName === undefined ? "none, which means the default bus" : JSON.stringify(busName)}).`,
    );
  if (source !== sourceOf(PUBLISHER))
    return failed(
      "NotAuthorizedForSourceException",
      `Not authorized for the source ${source}: publish with Source ${sourceOf(PUBLISHER)}.`,
    );
  // The same list the deployed bus policy admits (infra/busPolicy.ts).
  if (!(FROM_TENANT_MANAGEMENT as readonly string[]).includes(detailType))
    return failed(
      "NotAuthorizedForDetailTypeException",
      `Not authorized for the detail type ${detailType}: Tenant Management publishes ${FROM_TENANT_MANAGEMENT.join(", ")}.`,
    );
  return conformsToContract({ source, "detail-type": detailType, detail });
}

function conformsToContract(event: BusEvent): EntryVerdict {
  try {
    return { ok: true, event: parseBusEvent(event) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const { name, version } = eventDefinition(event["detail-type"] as EventName);
    const schema = `packages/contracts/schemas/${name}.v${version}.json`;
    return invalid("Detail", `${reason} (schema: ${schema}).`);
  }
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// EventBridge's wording for a bad argument: "Parameter X is not valid. Reason: ...".
function invalid(parameter: string, reason: string): EntryVerdict {
  return failed("InvalidArgument", `Parameter ${parameter} is not valid. Reason: ${reason}`);
}

function failed(errorCode: string, errorMessage: string): EntryVerdict {
  return { ok: false, errorCode, errorMessage };
}
