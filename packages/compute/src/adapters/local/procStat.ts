import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** The fields of `/proc/<pid>/stat` (proc(5)) that usage needs. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly pgid: number;
  /**
   * utime + stime + cutime + cstime, in clock ticks. The children's part is the CPU of
   * workers the php -S master has already reaped: they are gone from /proc, so counting
   * it keeps the group's total from dropping when a worker is replaced.
   */
  readonly cpuTicks: number;
}

/**
 * Parses one stat line: `pid (comm) state ppid pgrp session tty tpgid flags minflt
 * cminflt majflt cmajflt utime stime cutime cstime ...`. comm may hold spaces and
 * parentheses, so the fields are split after the LAST ")".
 */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf(" (");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(line.slice(0, open));
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const fields = line
    .slice(close + 2)
    .trim()
    .split(" ");
  const [state, , pgid] = fields;
  const times = fields.slice(11, 15).map(Number);
  if (!Number.isInteger(pid) || state === undefined || pgid === undefined) return undefined;
  if (times.length !== 4 || times.some((ticks) => !Number.isFinite(ticks))) return undefined;
  return {
    pid,
    comm: line.slice(open + 2, close),
    state,
    pgid: Number(pgid),
    cpuTicks: times.reduce((sum, ticks) => sum + ticks, 0),
  };
}

/** The process's stat, or undefined when it has exited. */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // exited while we looked
  }
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK`, asked once; 100 (USER_HZ on every Linux build we run) when getconf fails. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const answer = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
      ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds used by the processes these stats were read from (and their reaped children). */
export function cpuSecondsOf(stats: readonly ProcStat[]): number {
  return stats.reduce((sum, stat) => sum + stat.cpuTicks, 0) / clockTicksPerSecond();
}
