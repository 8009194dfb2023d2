import { type ChildProcess, spawn } from "node:child_process";
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
