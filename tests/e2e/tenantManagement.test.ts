import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { type InstanceState, parseBusEvent } from "@bbws/contracts";
import {
  type EventBridgeEndpoint,
  LOCAL_BUS_NAME,
  LOCAL_EVENTS_CREDENTIALS,
  parseHttpSubscribers,
} from "@bbws/local-cloud";
import { createJsonLogger } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../runtime/dynamoLocal.ts";
import { startLocalEvents } from "../../runtime/startLocalEvents.ts";
import { type LocalStack, startLocalStack } from "../../runtime/startLocalStack.ts";

/**
 * Tenant Management's side, against the real local stack: it publishes TenantCreated with the
 * unmodified @aws-sdk/client-eventbridge (and our CLI) and receives what it consumes back on an
 * HTTP subscriber registered from a config file.
 */
const dataDir = mkdtempSync(join(tmpdir(), "bbws-tm-"));
chmodSync(dataDir, 0o711); // tenant uids traverse it to their content
const ONE = "ebtone";
const BATCH = Array.from({ length: 8 }, (_, i) => `ebtbatch${i + 1}`);
const API_KEY = "tm-local-key";
let stack: LocalStack;
let events: EventBridgeEndpoint;
let client: EventBridgeClient;
let proxyPort: number;

/** Tenant Management's webhook: records every POST. */
const received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
const webhook = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(204).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/bbws-events`;
  const config = join(dataDir, "subscribers.json");
  writeFileSync(
    config,
    JSON.stringify({ subscribers: [{ name: "tm", url: hook, headers: { "x-api-key": API_KEY } }] }),
  );
  proxyPort = await freePort();
  const logger = createJsonLogger({ level: "error" });
  const subscribers = parseHttpSubscribers(readFileSync(config, "utf8"), config);
  stack = await startLocalStack({ dataDir, proxyPort, logger, progress: () => {}, subscribers });
  events = await startLocalEvents({ stack, port: 0, logger });
  client = new EventBridgeClient({
    endpoint: events.url,
    region: "eu-west-1",
    credentials: LOCAL_EVENTS_CREDENTIALS,
  });
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await events?.close();
  await stack?.stop();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** A TenantCreated entry as Tenant Management builds it, valid or not (no validation here). */
function tenantCreated(
  tenantId: string,
  eventId = randomUUID(),
  data: Record<string, unknown> = {},
): PutEventsRequestEntry {
  const meta = {
    eventId,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    correlationId: eventId,
    causationId: null,
    tenantId,
    environment: "dev",
  };
  const detail = {
    meta,
    data: { tenantId, organisationName: `${tenantId} Ltd`, environment: "dev", ...data },
  };
  return {
    Source: "bbws.tenant-management",
    DetailType: "TenantCreated",
    Detail: JSON.stringify(detail),
    EventBusName: LOCAL_BUS_NAME,
  };
}

async function instancesOf(tenantId: string) {
  return (await stack.mesh.ledgerStore.list({ tenantId, limit: 10 })).items;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const allIn = (tenants: readonly string[], state: InstanceState) => async () => {
  const states = await Promise.all(tenants.map(async (t) => (await instancesOf(t)).map((i) => i.state)));
  return states.every((s) => s.length === 1 && s[0] === state) ? states : undefined;
};

/** Until no event is on its way: consumers' and the subscriber's queues empty, the outbox relayed. */
async function quiet(): Promise<void> {
  const queues = [...Object.values(stack.mesh.queues), ...stack.subscriberTargets.map((t) => t.queue)];
  await until("quiet queues", async () => {
    const busy = queues.some((q) => q.counts().visible + q.counts().inFlight > 0);
    const pending = (await stack.mesh.ledgerStore.pendingOutbox(1)).length > 0;
    return busy || pending ? undefined : true;
  });
}

function site(tenantId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: proxyPort,
        path: "/",
        headers: { host: `${tenantId}.localhost:${proxyPort}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const activatedFor = (tenantId: string) =>
  received.filter(
    (r) =>
      r.body["detail-type"] === "InstanceActivated" &&
      (r.body.detail as { meta: { tenantId: string } }).meta.tenantId === tenantId,
  );

describe("Tenant Management publishes TenantCreated to the local stack", () => {
  const eventId = randomUUID();

  it("one valid TenantCreated: the site answers 200", async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [tenantCreated(ONE, eventId)] }));
    expect(answer.FailedEntryCount).toBe(0);
    await until(`${ONE} ACTIVE`, allIn([ONE], "ACTIVE"));
    expect(await site(ONE)).toBe(200);
  }, 90_000);

  it("the same event id again, through npm run ops -- publish: still one instance", async () => {
    const cli = await promisify(execFile)(
      "npx",
      ["tsx", "scripts/ops.ts", "publish", "TenantCreated", "--tenant", ONE, "--event-id", eventId],
      { env: { ...process.env, BBWS_EVENTS_URL: events.url } },
    );
    expect(cli.stdout).toContain(`published TenantCreated ${ONE} (dev): event id ${eventId}`);
    await quiet();
    expect((await instancesOf(ONE)).map((i) => i.state)).toEqual(["ACTIVE"]);
  }, 60_000);

  it("a batch of 10 with 2 malformed: FailedEntryCount 2, the 8 others ACTIVE", async () => {
    const entries = BATCH.map((t) => tenantCreated(t));
    entries.splice(3, 0, tenantCreated("Bad_Tenant"));
    entries.splice(7, 0, tenantCreated("ebtnoorg", randomUUID(), { organisationName: undefined }));
    const answer = await client.send(new PutEventsCommand({ Entries: entries }));
    expect(answer.FailedEntryCount).toBe(2);
    const failed = (answer.Entries ?? []).flatMap((e, i) =>
      e.ErrorCode ? [{ i, code: e.ErrorCode, message: e.ErrorMessage }] : [],
    );
    expect(failed.map(({ i, code }) => [i, code])).toEqual([
      [3, "InvalidArgument"],
      [7, "InvalidArgument"],
    ]);
    expect(failed[0]?.message).toContain("detail.data.tenantId: tenantId must be 3 to 24 characters");
    expect(failed[1]?.message).toContain("detail.data.organisationName");
    await until("8 tenants ACTIVE", allIn(BATCH, "ACTIVE"), 180_000);
    for (const tenantId of BATCH) expect(await site(tenantId)).toBe(200);
    // Nothing half-created for the malformed ones.
    expect(await instancesOf("ebtnoorg")).toEqual([]);
    expect((await stack.mesh.ledgerStore.list({ limit: 100 })).items).toHaveLength(1 + BATCH.length);
  }, 200_000);

  it("an oversize entry is EventBridge's ValidationException; an unsigned request is refused", async () => {
    const big = tenantCreated("ebtbig");
    const padded = { ...big, Detail: (big.Detail ?? "").replace(/}$/, `,"pad":"${"x".repeat(262_144)}"}`) };
    await expect(client.send(new PutEventsCommand({ Entries: [padded] }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Total size of the entries in the request is over the limit.",
    });
    const unsigned = await fetch(events.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSEvents.PutEvents" },
      body: JSON.stringify({ Entries: [tenantCreated("ebtunsigned")] }),
    });
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe(
      "MissingAuthenticationTokenException",
    );
    expect(await instancesOf("ebtbig")).toEqual([]);
    expect(await instancesOf("ebtunsigned")).toEqual([]);
  });

  it("the HTTP subscriber received InstanceActivated once per tenant, with its header", async () => {
    await quiet();
    for (const tenantId of [ONE, ...BATCH]) {
      const got = activatedFor(tenantId);
      expect(got, tenantId).toHaveLength(1);
      expect(got[0]?.headers["x-api-key"]).toBe(API_KEY);
      const event = parseBusEvent(got[0]?.body);
      expect(event["detail-type"]).toBe("InstanceActivated");
      if (tenantId === ONE) expect(event.detail.meta.correlationId).toBe(eventId); // our correlationId
    }
    expect(
      received.every((r) =>
        ["InstanceActivated", "ProvisioningFailed", "InstanceRolledBack", "InstanceDeprovisioned"].includes(
          String(r.body["detail-type"]),
        ),
      ),
    ).toBe(true);
  }, 60_000);

  it("deprovisions every tenant it created; the subscriber hears InstanceDeprovisioned for each", async () => {
    for (const tenantId of [ONE, ...BATCH]) {
      const [instance] = await instancesOf(tenantId);
      if (!instance) throw new Error(`${tenantId} has no instance`);
      const result = await stack.mesh.ledger.handleCommand({
        operation: "deprovision",
        instanceId: instance.instanceId,
        operationId: randomUUID(),
        correlationId: randomUUID(),
        requestedBy: "e2e",
      });
      expect(result.outcome, tenantId).toBe("accepted");
    }
    await until("all DEPROVISIONED", allIn([ONE, ...BATCH], "DEPROVISIONED"), 120_000);
    await quiet();
    const deprovisioned = received.filter((r) => r.body["detail-type"] === "InstanceDeprovisioned");
    expect(deprovisioned).toHaveLength(1 + BATCH.length);
  }, 150_000);
});
