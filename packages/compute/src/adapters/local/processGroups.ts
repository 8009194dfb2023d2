import { readdirSync, readFileSync } from "node:fs";
import { type ProcStat, readProcStat } from "./procStat.ts";

/**
 * Process groups read from /proc. A tenant's `php -S` is one group: the master
 * and its workers (which outlive a SIGTERMed master), so the group, not a pid,
 * is what compute starts, counts, measures and kills.
 */
interface ProcessInfo {
  readonly pid: number;
  readonly state: string;
  readonly pgid: number;
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const pid of pids()) {
    const info = readStat(pid);
    if (info) found.push(info);
  }
  return found;
}

/** `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses, so split after the last ")". */
function readStat(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [state, , pgid] = fields;
    if (state === undefined || pgid === undefined) return undefined;
    return { pid, state, pgid: Number(pgid) };
  } catch {
    return undefined; // exited while we looked
  }
}

/** Zombies (exited, not yet reaped: nobody may reap an adopted group's master) do not count. */
const live = (info: Pick<ProcessInfo, "state">) => info.state !== "Z" && info.state !== "X";

/** Every live process's stat, one read each: a snapshot to answer many groups' questions from. */
export function liveProcessStats(): ProcStat[] {
  const found: ProcStat[] = [];
  for (const pid of pids()) {
    const stat = readProcStat(pid);
    if (stat && live(stat)) found.push(stat);
  }
  return found;
}

export function groupMembers(pgid: number): number[] {
  return processes()
    .filter((info) => info.pgid === pgid && live(info))
    .map((info) => info.pid);
}

function environOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/**
 * The live groups whose processes carry `name=value` with `accept(value)`: value -> pgids.
 * Never our own group: a child started without `detached` (the installer) shares it.
 */
export function groupsByEnvironment(name: string, accept: (value: string) => boolean): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const ours = readStat(process.pid)?.pgid;
  // The environment first, the stat only of the few that carry the variable: compute scans at
  // every start of a tenant, and reading every process's stat as well doubled each scan's cost.
  for (const pid of pids()) {
    const entry = environOf(pid).find((variable) => variable.startsWith(`${name}=`));
    const value = entry?.slice(name.length + 1);
    if (value === undefined || !accept(value)) continue;
    const info = readStat(pid);
    if (!info || !live(info) || info.pgid <= 1 || info.pgid === ours) continue;
    const pgids = groups.get(value) ?? [];
    if (!pgids.includes(info.pgid)) pgids.push(info.pgid);
    groups.set(value, pgids);
  }
  return groups;
}

/** True when a live member of the group carries `name=value` (a recycled pgid would not). */
export function groupCarries(pgid: number, name: string, value: string): boolean {
  const variable = `${name}=${value}`;
  // The leader first (a detached php -S master leads its group): two reads, where a scan reads every
  // process's stat. The supervisor asks once a second per tenant: scans took 2.4 s of the stack's
  // main thread in one bench:stack run on a busy machine. A dead leader's workers still need the scan.
  const leader = readStat(pgid);
  if (leader?.pgid === pgid && live(leader) && environOf(pgid).includes(variable)) return true;
  return groupMembers(pgid).some((pid) => environOf(pid).includes(variable));
}

/** Proportional set size of one process, in KiB (shared pages split between sharers); 0 once exited. */
export function pssKiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0; // exited while we looked
  }
}

/** Proportional set size of the whole group, in KiB. */
export function groupPssKiB(pgid: number): number {
  return groupMembers(pgid).reduce((sum, pid) => sum + pssKiB(pid), 0);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Still a live member of the group (a recycled pid in another group is not). */
function inGroup(pid: number, pgid: number): boolean {
  const info = readStat(pid);
  return info !== undefined && info.pgid === pgid && live(info);
}

/**
 * Waits for the group to empty. It re-reads the members it knows (a read each) and scans
 * all of /proc only once they are gone, since one may have forked another meanwhile: a scan
 * every 25 ms of each dying group was most of a ten-tenant deprovision's /proc reads.
 */
async function emptied(
  pgid: number,
  known: readonly number[],
  options: { withinMs: number; sleep: (ms: number) => Promise<void> },
) {
  const deadline = Date.now() + options.withinMs;
  let members = known.filter((pid) => inGroup(pid, pgid));
  if (members.length === 0) members = groupMembers(pgid);
  while (members.length > 0) {
    if (Date.now() >= deadline) return false;
    await options.sleep(25);
    members = members.filter((pid) => inGroup(pid, pgid));
    if (members.length === 0) members = groupMembers(pgid);
  }
  return true;
}

/** SIGKILL to the whole group, now: for a process that must exit and cannot wait for a grace period. */
export function killGroupNow(pgid: number): void {
  signalGroup(pgid, "SIGKILL");
}

/** SIGTERM to the whole group, SIGKILL to what is left after the grace period. */
export async function stopGroup(
  pgid: number,
  options: { graceMs: number; sleep: (ms: number) => Promise<void> },
): Promise<void> {
  const members = groupMembers(pgid);
  if (members.length === 0) return;
  signalGroup(pgid, "SIGTERM");
  if (await emptied(pgid, members, { withinMs: options.graceMs, sleep: options.sleep })) return;
  signalGroup(pgid, "SIGKILL");
  if (!(await emptied(pgid, members, { withinMs: 5_000, sleep: options.sleep })))
    throw new Error(`process group ${pgid} survived SIGKILL: ${groupMembers(pgid).join(", ")}`);
}
