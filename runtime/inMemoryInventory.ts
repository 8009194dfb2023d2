import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Service } from "@bbws/contracts";

export interface Inventory {
  /** Live resources per service: resource name -> instanceId. */
  readonly live: Record<Service, Map<string, string>>;
  /** How many times each resource name was created (a re-create after a release counts). */
  readonly creations: Record<Service, Map<string, number>>;
}

export function emptyInventory(): Inventory {
  return {
    live: { identity: new Map(), storage: new Map(), routing: new Map(), compute: new Map() },
    creations: { identity: new Map(), storage: new Map(), routing: new Map(), compute: new Map() },
  };
}

type InventoryJson = Record<"live" | "creations", Record<Service, [string, string | number][]>>;

export function loadInventory(file: string): Inventory {
  if (!existsSync(file)) return emptyInventory();
  const json = JSON.parse(readFileSync(file, "utf8")) as InventoryJson;
  const maps = <T>(entries: Record<Service, [string, unknown][]>) =>
    Object.fromEntries(Object.entries(entries).map(([service, list]) => [service, new Map(list)])) as Record<
      Service,
      Map<string, T>
    >;
  return { live: maps<string>(json.live), creations: maps<number>(json.creations) };
}

/** Write-then-rename, so a kill -9 leaves the old or the new inventory, never half of one. */
export function saveInventory(file: string, inventory: Inventory): void {
  const lists = (maps: Record<Service, Map<string, unknown>>) =>
    Object.fromEntries(Object.entries(maps).map(([service, map]) => [service, [...map]]));
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify({ live: lists(inventory.live), creations: lists(inventory.creations) }),
  );
  renameSync(`${file}.tmp`, file);
}
