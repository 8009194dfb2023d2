import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstanceState } from "@bbws/contracts";
import { createJsonLogger } from "@bbws/mesh";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../runtime/dynamoLocal.ts";
import { type LocalApi, startLocalApi } from "../../runtime/startLocalApi.ts";
import { type LocalStack, startLocalStack } from "../../runtime/startLocalStack.ts";

export type Json = Record<string, unknown>;

/**
 * The real local stack and its REST API for one e2e test file, as `npm start` runs them, in a
 * fresh data dir: started before the file's tests, stopped (and the data dir removed) after.
 */
export function useLocalStackForTests(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  // Tenant uids must traverse the data dir to reach their content (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o711);
  let stack: LocalStack | undefined;
  let api: LocalApi | undefined;
  let proxyPort = 0;

  beforeAll(async () => {
    proxyPort = await freePort();
    const logger = createJsonLogger({ level: "error" });
    stack = await startLocalStack({ dataDir, proxyPort, logger, progress: () => {} });
    // What a live health check finds, not whether it finds it within 400 ms on a loaded machine.
    api = await startLocalApi({ stack, port: await freePort(), logger, healthPartTimeoutMs: 10_000 });
  }, 120_000);

  afterAll(async () => {
    if (stack && api) await releaseWhatIsLeft();
    await api?.server.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  /**
   * Every instance the file left undeprovisioned, DELETEd through the API and awaited: the data
   * dir goes with the stack, but the tenants' MariaDB databases and users live in a shared
   * server and would outlive the file (storage adopts them on the next run, which hides the
   * leak). Best effort within a minute: an instance a test broke on purpose may not release.
   */
  async function releaseWhatIsLeft(): Promise<void> {
    const deadline = Date.now() + 60_000;
    const leftOver = async () => {
      const { json } = await call("GET", "/v1.0/instances?pageSize=100");
      return ((json.items ?? []) as { instanceId: string; state: InstanceState }[]).filter(
        (instance) => instance.state !== "DEPROVISIONED",
      );
    };
    for (const { instanceId, state } of await leftOver())
      if (state !== "PENDING_DEPRO") await call("DELETE", `/v1.0/instances/${instanceId}`);
    while (Date.now() < deadline && (await leftOver()).some((instance) => instance.state === "PENDING_DEPRO"))
      await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const started = () => {
    if (!stack || !api) throw new Error("the local stack has not started");
    return { stack, api };
  };

  /** The REST API as an operator calls it: bearer token, an Idempotency-Key per write. */
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const { api } = started();
    const headers: Record<string, string> = { authorization: `Bearer ${api.operatorToken}` };
    if (method !== "GET") headers["idempotency-key"] = randomUUID();
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await fetch(`${api.server.url.replace(/\/$/, "")}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: answer.status, json: (await answer.json()) as Json };
  }

  /** Through the proxy with the tenant's Host header (fetch would drop it; *.localhost does not resolve in Node). */
  function site(tenantId: string, path = "/"): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { host: `${tenantId}.localhost:${proxyPort}` };
      const req = request({ host: "127.0.0.1", port: proxyPort, path, headers }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  /** Nothing queued, in flight or waiting in the ledger's outbox, twice in a row (a handler may be between the two). */
  async function waitForQuiet(timeoutMs = 300_000): Promise<void> {
    const { stack } = started();
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (quietChecks < 2) {
      if (Date.now() > deadline) throw new Error("the consumers' queues did not drain in time");
      const busy = Object.values(stack.mesh.queues).some((queue) => {
        const counts = queue.counts();
        return counts.visible + counts.inFlight > 0;
      });
      const outbox = await stack.mesh.ledgerStore.pendingOutbox(1);
      quietChecks = busy || outbox.length > 0 ? 0 : quietChecks + 1;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  return {
    dataDir,
    call,
    site,
    waitForQuiet,
    get stack(): LocalStack {
      return started().stack;
    },
    get api(): LocalApi {
      return started().api;
    },
    get proxyPort(): number {
      return proxyPort;
    },
  };
}
