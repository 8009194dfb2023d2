import { readdirSync, readFileSync } from "node:fs";
import { CLOCK_TICKS_PER_SECOND, statFieldsOf } from "./procStats.ts";

// Linux's /proc; elsewhere every figure is empty.

const REAPED = "exited children (php installers, ...)";

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly label: string;
  /** utime + stime, and cutime + cstime (children that exited and were waited for), in seconds. */
  readonly own: number;
  readonly reaped: number;
}

/**
 * CPU seconds used so far by this process and every live descendant, summed by what they are
 * (`node (this process)`, `java`, `php`, `cognito-local`, ...). A descendant that exited counts
 * in its parent's reaped children: for this process, under REAPED.
 */
export function processTreeCpu(): Map<string, number> {
  const all = readAll();
  const children = new Map<number, ProcStat[]>();
  for (const stat of all.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const totals = new Map<string, number>();
  const add = (label: string, seconds: number) => totals.set(label, (totals.get(label) ?? 0) + seconds);
  const self = all.get(process.pid);
  if (!self) return totals;
  add("node (this process: stack, API, operator)", self.own);
  add(REAPED, self.reaped);
  const pending = [...(children.get(process.pid) ?? [])];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    add(stat.label, stat.own + stat.reaped);
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return totals;
}

/** What `after` used beyond `before`, by label, largest first. */
export function cpuSince(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([label, seconds]): [string, number] => [label, seconds - (before.get(label) ?? 0)])
    .sort((a, b) => b[1] - a[1]);
}

function readAll(): Map<number, ProcStat> {
  const all = new Map<number, ProcStat>();
  let names: string[] = [];
  try {
    names = readdirSync("/proc");
  } catch {
    return all;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.set(stat.pid, stat);
  }
  return all;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const { comm, fields } = statFieldsOf(readFileSync(`/proc/${pid}/stat`, "utf8"));
    const ticks = (index: number) => Number(fields[index]) / CLOCK_TICKS_PER_SECOND;
    return {
      pid,
      ppid: Number(fields[1]),
      label: labelOf(pid, comm),
      own: ticks(11) + ticks(12),
      reaped: ticks(13) + ticks(14),
    };
  } catch {
    return undefined; // exited while we looked
  }
}

function labelOf(pid: number, comm: string): string {
  if (comm.startsWith("php")) return "php";
  if (comm !== "node") return comm;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return commandLine.includes("cognito-local") ? "cognito-local" : "node (other)";
  } catch {
    return "node (other)";
  }
}
