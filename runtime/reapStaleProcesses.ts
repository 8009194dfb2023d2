import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * After a crash (kill -9 of the stack) its helpers may still run: DynamoDB Local
 * on the ledger's files and cognito-local in its data dir. Starting new ones
 * beside them would share files, so they are found by what they hold
 * (command line, working directory) and killed first. The tenants' php groups
 * are not touched here: compute re-adopts them.
 */
export function reapStaleProcesses(dataDir: string): number[] {
  const ledgerPath = join(dataDir, "ledger");
  const cognitoDir = join(dataDir, "cognito");
  const reaped: number[] = [];
  for (const pid of processIds()) {
    if (pid === process.pid) continue;
    const commandLine = read(`/proc/${pid}/cmdline`).split("\0");
    const cwd = link(`/proc/${pid}/cwd`);
    const isLedger = commandLine.includes("-dbPath") && commandLine.includes(ledgerPath);
    const isCognito = commandLine.some((part) => part.includes("cognito-local")) && cwd === cognitoDir;
    if (!isLedger && !isCognito) continue;
    try {
      process.kill(pid, "SIGKILL");
      reaped.push(pid);
    } catch {
      // Gone already.
    }
  }
  return reaped;
}

function processIds(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function link(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}
