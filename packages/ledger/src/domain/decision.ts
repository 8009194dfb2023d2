import type { DataOf, EventName, Rejection } from "@bbws/contracts";
import type { InstanceRecord } from "./instance.ts";

/** An event the ledger emits; the application layer adds its meta (id, time, causation). */
export type Emit = { [N in EventName]: { readonly name: N; readonly data: DataOf<N> } }[EventName];

export function emit<N extends EventName>(name: N, data: DataOf<N>): Emit {
  return { name, data } as Emit;
}

/** Claim the (tenant, environment) slot on provision; free it once the instance holds nothing. */
export type TenantSlotChange = "claim" | "free";

export interface Decision {
  /** The record to store; the same object when nothing changed. */
  readonly record: InstanceRecord | null;
  readonly emits: readonly Emit[];
  readonly tenantSlot?: TenantSlotChange;
  readonly rejection?: Rejection;
}

export function unchanged(record: InstanceRecord | null): Decision {
  return { record, emits: [] };
}

export function changed(
  record: InstanceRecord,
  emits: readonly Emit[],
  tenantSlot?: TenantSlotChange,
): Decision {
  return tenantSlot ? { record, emits, tenantSlot } : { record, emits };
}
