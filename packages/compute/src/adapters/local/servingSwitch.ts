import { readFileSync } from "node:fs";
import { ComputeError } from "../../domain/errors.ts";
import { probe } from "./httpProbe.ts";

/**
 * What makes a local roll lose no request, as an ALB deployment does: the new php must serve the
 * front page (WordPress connected to its database with the config it reads now) before it takes
 * traffic, and the old one is stopped only once no connection to it is left (its deregistration
 * delay). Both wait with the injected sleep and a bound.
 */
export interface ServingSwitchTiming {
  readonly sleep: (ms: number) => Promise<void>;
  readonly probeTimeoutMs: number;
  readonly startTimeoutMs: number;
  /** How long an old server may keep answering requests it already took (default 30 s, the proxy's timeout). */
  readonly drainTimeoutMs?: number;
}

const POLL_MS = 50;

/** Resolves once WordPress answers 200 on `port`; a new php that cannot serve never takes traffic. */
export async function awaitServing(port: number, url: string, timing: ServingSwitchTiming): Promise<void> {
  const attempts = Math.max(1, Math.ceil(timing.startTimeoutMs / POLL_MS));
  let last = "no answer";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await probe({
      port,
      path: "/",
      url: new URL(url),
      timeoutMs: timing.probeTimeoutMs,
    }).catch((error: unknown) => ({ status: 0, body: (error as Error).message }));
    if (answer.status === 200) return;
    last = answer.status === 0 ? answer.body : `HTTP ${answer.status}`;
    await timing.sleep(POLL_MS);
  }
  throw new ComputeError("COMPUTE.START_FAILED", `the new php on port ${port} does not serve: ${last}`, {
    retryable: false,
  });
}

/**
 * One front page rendered straight at the port before the target takes traffic, as an ALB lets a
 * new target pass its first health check: WordPress is compiled into the group's opcache once,
 * instead of by compute's health probe and the first visitors all at once (on two cores that
 * doubled the first render; a visitor meanwhile gets the proxy's quick 503). Best effort: a site
 * that cannot serve yet is registered all the same, and its health check says why.
 */
export async function warmFrontPage(port: number, url: string, timing: ServingSwitchTiming): Promise<void> {
  await probe({ port, path: "/", url: new URL(url), timeoutMs: timing.probeTimeoutMs }).catch(
    () => undefined,
  );
}

/**
 * Resolves once no TCP connection to 127.0.0.1:`port` is open (or the drain timeout passed):
 * the proxy no longer sends it anything new, and what it took is answered. Two quiet readings
 * in a row, so a connection the proxy was opening at the switch is not missed.
 */
export async function awaitDrained(port: number, timing: ServingSwitchTiming): Promise<void> {
  const attempts = Math.ceil((timing.drainTimeoutMs ?? 30_000) / POLL_MS);
  let quiet = 0;
  for (let attempt = 0; attempt < attempts && quiet < 2; attempt++) {
    quiet = openConnections(port) === 0 ? quiet + 1 : 0;
    if (quiet < 2) await timing.sleep(POLL_MS);
  }
}

/** Connections to the local port in any state but LISTEN and TIME_WAIT, from /proc/net/tcp{,6}. */
export function openConnections(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let count = 0;
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readTable(table).split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // 0A: LISTEN, 06: TIME_WAIT (closed on our side already).
      if (local?.endsWith(`:${hexPort}`) && state !== "0A" && state !== "06") count += 1;
    }
  }
  return count;
}

function readTable(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
