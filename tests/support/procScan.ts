import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * What is running, read straight from /proc: the shutdown tests check the stack's
 * leftovers with this, not with the code under test.
 */
export interface ProcEntry {
  readonly pid: number;
  readonly pgid: number;
  readonly state: string;
  readonly environ: readonly string[];
  readonly cmdline: readonly string[];
  readonly cwd: string | undefined;
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function entry(pid: number): ProcEntry | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === "") return undefined;
  // `pid (comm) state ppid pgrp ...`: comm may hold spaces and parentheses.
  const [state = "", , pgid = "0"] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  let cwd: string | undefined;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    cwd = undefined;
  }
  return {
    pid,
    pgid: Number(pgid),
    state,
    environ: read(`/proc/${pid}/environ`).split("\0"),
    cmdline: read(`/proc/${pid}/cmdline`).split("\0"),
    cwd,
  };
}

/** Every live process (zombies are dead: only their parent's wait is missing). */
export function liveProcesses(): ProcEntry[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => entry(Number(name)))
    .filter((found): found is ProcEntry => found !== undefined && found.state !== "Z" && found.state !== "X");
}
