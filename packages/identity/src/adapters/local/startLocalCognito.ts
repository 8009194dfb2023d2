import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { clockEnvironment } from "@bbws/local-cloud";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";

export interface LocalCognito {
  /** `http://127.0.0.1:{port}`: the Cognito API, the OAuth2 endpoints and each pool's JWKS. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s); safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalCognitoOptions {
  /** cognito-local keeps its data in `{dataDir}/.cognito/db` (it always writes relative to its cwd). */
  readonly dataDir: string;
  /** Default: a free port. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
}

const READY = /Cognito Local running on/;
/** pino-pretty colours its lines; the error message should not carry escape codes. */
const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the child logs that it listens; rejects with its last output if it exits first. */
function whenReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  let tail = "";
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(
        new IdentityError(IDENTITY_CODES.unavailable, `cognito-local ${reason}: ${tail}`, {
          retryable: true,
        }),
      );
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    let ready = false;
    const remember = (chunk: Buffer) => {
      tail = (tail + chunk.toString().replace(ANSI_COLOURS, "")).slice(-2_000);
    };
    // Keeps draining the pipe after readiness too, or a chatty child would block on a full pipe.
    const watch = (chunk: Buffer) => {
      remember(chunk);
      if (ready || !READY.test(tail)) return;
      ready = true;
      clearTimeout(timer);
      child.off("exit", exited);
      resolve();
    };
    const exited = (code: number | null) => fail(`exited with ${code} before it was ready`);
    child.stdout?.on("data", watch);
    child.stderr?.on("data", remember);
    child.once("exit", exited);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(force);
}

/**
 * Runs cognito-local as a child process with `dataDir` as its cwd: it reads
 * PORT at import (the token issuer embeds it) and writes `./.cognito` relative
 * to its cwd, so a process of its own is the only clean way to choose both.
 */
export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  mkdirSync(options.dataDir, { recursive: true });
  // A free port can be taken between our probe and the child's listen: try another.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options, options.port ?? (await freePort()));
    } catch (error) {
      if (options.port !== undefined || attempt >= 3) throw error;
    }
  }
}

async function startOnce(options: LocalCognitoOptions, port: number): Promise<LocalCognito> {
  const bin = join(
    dirname(createRequire(import.meta.url).resolve("cognito-local/package.json")),
    "lib/bin/start.js",
  );
  const child = spawn(process.execPath, [bin], {
    cwd: options.dataDir,
    // A clean environment (the test runner's NODE_OPTIONS would break it) but the clock's.
    env: { ...clockEnvironment(process.env), PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The parent may exit without calling stop(): take the child along.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    await whenReady(child, options.startTimeoutMs ?? 15_000);
  } catch (error) {
    process.off("exit", killOnExit);
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      process.off("exit", killOnExit);
      await stopChild(child);
    },
  };
}
