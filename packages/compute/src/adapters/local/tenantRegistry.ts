import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Environment, Size } from "@bbws/contracts";
import type { WordPressImage } from "../../ports.ts";

/** What compute knows of one tenant's WordPress, on disk so a restarted stack can re-adopt it. */
export interface TenantEntry {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
  /** What should be: a running group, or none (suspended, or not started yet). */
  readonly state: "running" | "stopped";
  readonly port: number;
  readonly uid: number;
  readonly gid: number;
  /** The php -S process group when last started. */
  readonly pgid: number | null;
  /** The task count it runs with, or resumes with while stopped. */
  readonly desiredCount: number;
  readonly size?: Size;
  /** Bumped by updateImage, like an ECS task definition revision. */
  readonly revision: number;
  readonly wordpress: WordPressImage;
  readonly url: string;
  readonly contentDir: string;
  /** WordPress keys and salts: stable across restarts so logins survive them. */
  readonly salts: Readonly<Record<string, string>>;
}

export interface TenantRegistry {
  get(tenantId: string): TenantEntry | undefined;
  list(): TenantEntry[];
  put(entry: TenantEntry): TenantEntry;
  update(tenantId: string, change: Partial<TenantEntry>): TenantEntry;
  remove(tenantId: string): void;
  ports(): Set<number>;
}

type Table = Record<string, TenantEntry>;

/**
 * One JSON file (0600), read afresh on every call and written whole then
 * renamed, so a crash leaves the old or the new registry, never half of one.
 * Each call is synchronous: no other call of this process interleaves.
 */
export function createTenantRegistry(file: string): TenantRegistry {
  mkdirSync(dirname(file), { recursive: true });

  function load(): Table {
    try {
      return (JSON.parse(readFileSync(file, "utf8")) as { tenants: Table }).tenants;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  function save(tenants: Table): void {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 1, tenants }, null, 2), { mode: 0o600 });
    renameSync(temporary, file);
  }

  return {
    get: (tenantId) => load()[tenantId],
    list: () => Object.values(load()),
    put(entry) {
      save({ ...load(), [entry.tenantId]: entry });
      return entry;
    },
    update(tenantId, change) {
      const tenants = load();
      const entry = tenants[tenantId];
      if (!entry) throw new Error(`no compute registry entry for ${tenantId}`);
      const next = { ...entry, ...change };
      save({ ...tenants, [tenantId]: next });
      return next;
    },
    remove(tenantId) {
      const { [tenantId]: removed, ...rest } = load();
      if (removed) save(rest);
    },
    ports: () => new Set(Object.values(load()).map((entry) => entry.port)),
  };
}

/** Serialises the operations on one tenant (ensure, suspend, release, ...) inside this process. */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** Resolves once every operation started so far has settled. */
    async idle(): Promise<void> {
      await Promise.all([...tails.values()]);
    },
  };
}
