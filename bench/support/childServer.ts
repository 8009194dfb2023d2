import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

/** A server started in a child process: it prints one JSON line (`{ url, ... }`) once it listens. */
export function startChildServer<T extends { url: string }>(
  script: string,
  args: readonly string[] = [],
): Promise<{ child: ChildProcess } & T> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it listened`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

/** SIGTERM, then SIGKILL if the child has not exited within 3 s: leave no process behind. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux; null elsewhere).
 * Unlike latency, a server's CPU per request hardly moves when other work shares the cores.
 */
export async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15), in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;
