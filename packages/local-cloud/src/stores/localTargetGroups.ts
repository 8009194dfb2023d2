import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The local stand-in for ALB target groups and host rules, shared on disk by
 * routing (creates the group and the host rule, toggles maintenance), compute
 * (registers the tenant's PHP server as a target, as ECS registers task IPs)
 * and the reverse proxy (reads it to route by Host).
 */
export interface LocalTargetGroup {
  readonly name: string;
  readonly hostname: string;
  readonly instanceId: string;
  /** host:port of registered targets (empty: 503, nothing to forward to). */
  readonly targets: readonly string[];
  /** Suspended: the rule answers a fixed 503 maintenance response. */
  readonly maintenance: boolean;
}

export interface LocalTargetGroups {
  upsert(group: Omit<LocalTargetGroup, "targets"> & { targets?: readonly string[] }): LocalTargetGroup;
  get(name: string): LocalTargetGroup | undefined;
  byHostname(hostname: string): LocalTargetGroup | undefined;
  remove(name: string): boolean;
  registerTarget(name: string, target: string): void;
  deregisterTarget(name: string, target: string): void;
  setMaintenance(name: string, maintenance: boolean): void;
  list(): LocalTargetGroup[];
}

type Table = Record<string, LocalTargetGroup>;

/**
 * One JSON file, write-then-rename, read afresh on every call: it is a few KB,
 * and an mtime cache would miss two writes within the clock's resolution.
 */
export function createLocalTargetGroups(file: string): LocalTargetGroups {
  mkdirSync(dirname(file), { recursive: true });

  function load(): Table {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Table;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  function save(table: Table): void {
    writeFileSync(`${file}.tmp`, JSON.stringify(table, null, 2));
    renameSync(`${file}.tmp`, file);
  }

  function update(name: string, change: (group: LocalTargetGroup) => LocalTargetGroup): void {
    const table = load();
    const group = table[name];
    if (!group) throw new Error(`no local target group ${name}`);
    save({ ...table, [name]: change(group) });
  }

  return {
    upsert(group) {
      const table = load();
      const existing = table[group.name];
      const next: LocalTargetGroup = { ...group, targets: group.targets ?? existing?.targets ?? [] };
      save({ ...table, [group.name]: next });
      return next;
    },
    get: (name) => load()[name],
    byHostname: (hostname) =>
      Object.values(load()).find((group) => group.hostname === hostname.toLowerCase()),
    remove(name) {
      const { [name]: removed, ...rest } = load();
      if (!removed) return false;
      save(rest);
      return true;
    },
    registerTarget: (name, target) =>
      update(name, (group) => ({ ...group, targets: [...new Set([...group.targets, target])] })),
    deregisterTarget: (name, target) =>
      update(name, (group) => ({
        ...group,
        targets: group.targets.filter((existing) => existing !== target),
      })),
    setMaintenance: (name, maintenance) => update(name, (group) => ({ ...group, maintenance })),
    list: () => Object.values(load()),
  };
}
