import { TENANT_CONFIG_VARIABLE } from "./phpServer.ts";
import { groupsByEnvironment, liveProcessStats, pssKiB } from "./processGroups.ts";
import { cpuSecondsOf, type ProcStat } from "./procStat.ts";

export interface LocalComputeUsage {
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly processes: number;
}

/**
 * What the groups serving each of `configFiles` use now: config file -> usage, absent when
 * no live process serves it. One pass over /proc answers all of them (every environ once,
 * every stat once, then the members' smaps_rollup): the metrics sampler asks for every
 * tenant at each tick, and a pass per tenant (three scans each) cost the stack's main
 * thread ~160 ms a tick with ten tenants running.
 */
export function usageByConfigFile(configFiles: ReadonlySet<string>): Map<string, LocalComputeUsage> {
  const usage = new Map<string, LocalComputeUsage>();
  if (configFiles.size === 0) return usage;
  const groups = groupsByEnvironment(TENANT_CONFIG_VARIABLE, (value) => configFiles.has(value));
  if (groups.size === 0) return usage;
  const members = membersByGroup(liveProcessStats());
  for (const [configFile, pgids] of groups) {
    const stats = pgids.flatMap((pgid) => members.get(pgid) ?? []);
    if (stats.length === 0) continue;
    const kib = stats.reduce((sum, stat) => sum + pssKiB(stat.pid), 0);
    usage.set(configFile, {
      cpuSeconds: cpuSecondsOf(stats),
      memoryBytes: kib * 1024,
      processes: stats.length,
    });
  }
  return usage;
}

function membersByGroup(stats: readonly ProcStat[]): Map<number, ProcStat[]> {
  const members = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const group = members.get(stat.pgid) ?? [];
    group.push(stat);
    members.set(stat.pgid, group);
  }
  return members;
}
