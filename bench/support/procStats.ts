import { readFile } from "node:fs/promises";

// Linux's /proc; each reader answers null elsewhere (or once the process is gone).

export const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The fields of `/proc/{pid}/stat` after `pid (comm)`, from `state` (field 3) on: comm may hold
 * spaces and parentheses, so the split starts after the last ")". Index 0 is field 3.
 */
export function statFieldsOf(stat: string): { comm: string; fields: string[] } {
  return {
    comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    fields: stat.slice(stat.lastIndexOf(")") + 2).split(" "),
  };
}

/**
 * CPU seconds (user + system) a process has used so far. Unlike latency, a server's CPU
 * per request hardly moves when other work shares the cores.
 */
export async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  const stat = await readProc(pid, "stat");
  if (stat === null) return null;
  const { fields } = statFieldsOf(stat);
  // utime and stime (fields 14 and 15), in clock ticks.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** A process's peak resident set (VmHWM) in MB. */
export async function peakRssMbOf(pid: number | undefined): Promise<number | null> {
  const status = await readProc(pid, "status");
  const kilobytes = status ? /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] : undefined;
  return kilobytes === undefined ? null : Number(kilobytes) / 1024;
}

async function readProc(pid: number | undefined, file: string): Promise<string | null> {
  if (pid === undefined) return null;
  try {
    return await readFile(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}
