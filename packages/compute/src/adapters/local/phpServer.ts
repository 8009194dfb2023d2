import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, statSync } from "node:fs";
import { connect } from "node:net";

/** Who a tenant's PHP runs as: its own uid/gid through setpriv (root), or the current user. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  /** False when compute is not root: no setpriv, no file isolation. */
  readonly switchUser: boolean;
}

export const TENANT_CONFIG_VARIABLE = "WP_TENANT_CONFIG";

/** The command line of a PHP run as the tenant, with a scrubbed environment (no secret of ours leaks). */
export function phpCommand(input: {
  php: string;
  args: readonly string[];
  runAs: RunAs;
  configFile: string;
  extraEnv?: Record<string, string>;
}) {
  const { php, args, runAs } = input;
  const env = {
    PATH: "/usr/bin:/bin",
    TZ: "UTC",
    [TENANT_CONFIG_VARIABLE]: input.configFile,
    ...input.extraEnv,
  };
  if (!runAs.switchUser) return { file: php, args: [...args], env };
  const setpriv = ["--reuid", String(runAs.uid), "--regid", String(runAs.gid), "--clear-groups", "--"];
  return { file: "setpriv", args: [...setpriv, php, ...args], env };
}

/** The port is taken by someone else: allocate another. */
export class PortTakenError extends Error {}

export interface PhpServerOptions {
  readonly php: string;
  readonly wordpressDir: string;
  readonly router: string;
  readonly port: number;
  readonly workers: number;
  readonly runAs: RunAs;
  readonly configFile: string;
  readonly logFile: string;
  readonly startTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Starts `php -S 127.0.0.1:{port}` as its own process group (detached: it
 * outlives a restart of the stack, which re-adopts it) and resolves with the
 * group id once the port accepts connections. Output goes straight to the log
 * file, never through a pipe to this process.
 */
export async function startPhpServer(options: PhpServerOptions): Promise<number> {
  const args = ["-S", `127.0.0.1:${options.port}`, "-t", options.wordpressDir];
  const command = phpCommand({
    php: options.php,
    // The CLI leaves OPcache off; each server (one per tenant) gets its own cache.
    args: [
      ...args,
      "-d",
      "date.timezone=UTC",
      "-d",
      "expose_php=0",
      "-d",
      "opcache.enable_cli=1",
      options.router,
    ],
    runAs: options.runAs,
    configFile: options.configFile,
    extraEnv: { PHP_CLI_SERVER_WORKERS: String(options.workers) },
  });
  const logOffset = sizeOf(options.logFile);
  const log = openSync(options.logFile, "a", 0o600);
  let exited: number | null | undefined;
  try {
    const child = spawn(command.file, command.args, {
      cwd: options.wordpressDir,
      detached: true,
      env: command.env,
      stdio: ["ignore", log, log],
    });
    child.on("error", () => {
      exited = -1;
    });
    child.on("exit", (code) => {
      exited = code;
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not spawn ${command.file}`);
    const pgid = child.pid;
    const failure = await waitUntilListening(options, logOffset, () => exited !== undefined);
    if (failure === undefined) return pgid;
    if (exited === undefined) signalGroupQuietly(pgid);
    if (/Address already in use/.test(failure)) throw new PortTakenError(`port ${options.port} is taken`);
    throw new Error(`php -S on port ${options.port} did not start: ${failure.trim().slice(-500)}`);
  } finally {
    closeSync(log);
  }
}

/** Undefined once the server listens; else its output since `logOffset` (the reason). */
async function waitUntilListening(
  options: PhpServerOptions,
  logOffset: number,
  hasExited: () => boolean,
): Promise<string | undefined> {
  const deadline = Date.now() + options.startTimeoutMs;
  // "started" is logged after the bind: a port answering alone may be someone else's.
  const started = `Development Server (http://127.0.0.1:${options.port}) started`;
  while (!hasExited() && Date.now() < deadline) {
    const output = readFrom(options.logFile, logOffset);
    if (/Failed to listen/.test(output)) break;
    if (output.includes(started) && (await portAccepts(options.port))) return undefined;
    await options.sleep(20);
  }
  return readFrom(options.logFile, logOffset) || `no output within ${options.startTimeoutMs} ms`;
}

function signalGroupQuietly(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, offset: number): string {
  return readFileSync(file).subarray(offset).toString("utf8");
}

export function portAccepts(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
