import { chownSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type InstanceRef, resourceNames } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeProvider, type LocalComputeProvider } from "./createLocalComputeProvider.ts";
import { probe } from "./httpProbe.ts";
import { createLocalComputeFixture, type LocalComputeFixture } from "./localComputeFixture.ts";
import { startBarePhp } from "./localTestProcesses.ts";
import { isFree } from "./portAllocator.ts";
import { groupMembers } from "./processGroups.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

const RANGE = { from: 21_200, to: 21_299 };
let fixture: LocalComputeFixture;
let provider: LocalComputeProvider;
let ops: ReturnType<typeof computeOperations>;
const registry = () => createTenantRegistry(join(fixture.options.dataDir, "compute/registry.json"));
const entryOf = (instance: InstanceRef) => registry().get(instance.tenantId)!;
const targetsOf = (instance: InstanceRef) =>
  fixture.options.targetGroups.get(resourceNames(instance.tenantId, "dev").targetGroup)?.targets;

beforeAll(async () => {
  fixture = await createLocalComputeFixture({ portRange: RANGE });
  provider = createLocalComputeProvider(fixture.options);
  ops = computeOperations(provider);
});
afterAll(async () => {
  await provider?.stopAll();
  await fixture?.dispose();
});

async function provisioned(desiredCount = 1) {
  const tenant = await fixture.newTenant({ desiredCount });
  await ops.ensure(tenant.instance, tenant.request);
  return tenant;
}

/** GET at the tenant's port with its public Host (or another one). */
function get(port: number, request: ComputeRequest, path = "/", host = new URL(request.routing.url).host) {
  return probe({ port, path, url: new URL(`http://${host}/`), timeoutMs: 10_000 });
}

describe("local compute: a real WordPress per tenant", () => {
  it("serves each tenant its own site, and tenant A's PHP cannot read tenant B's files", async () => {
    const [a, b] = await Promise.all([provisioned(), provisioned()]);
    for (const tenant of [a!, b!]) {
      const answer = await get(entryOf(tenant.instance).port, tenant.request);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(`<title>${tenant.instance.tenantId}</title>`);
      expect(targetsOf(tenant.instance)).toEqual([`127.0.0.1:${entryOf(tenant.instance).port}`]);
    }
    const [entryA, entryB] = [entryOf(a!.instance), entryOf(b!.instance)];
    writeAs(entryB.uid, join(entryB.contentDir, "private.txt"), "B's content");
    const targets = {
      ownConfig: join(fixture.options.dataDir, "compute", entryA.tenantId, "wp-config.php"),
      otherConfig: join(fixture.options.dataDir, "compute", entryB.tenantId, "wp-config.php"),
      otherContent: join(entryB.contentDir, "private.txt"),
      registry: join(fixture.options.dataDir, "compute/registry.json"),
      otherLog: join(fixture.options.dataDir, "compute", entryB.tenantId, "php.log"),
    };
    const probeFile = `<?php if (isset($_GET['bbws_probe'])) { header('Content-Type: application/json');
      echo json_encode(array_map(fn ($path) => @file_get_contents($path) !== false, ${phpArray(targets)})); exit; }`;
    writeAs(entryA.uid, join(entryA.contentDir, "mu-plugins/probe.php"), probeFile);
    const answer = await get(entryA.port, a!.request, "/?bbws_probe=1");
    expect(JSON.parse(answer.body)).toEqual({
      ownConfig: true,
      otherConfig: false,
      otherContent: false,
      registry: false,
      otherLog: false,
    });
  });

  it("answers for the tenant of the port whatever the Host, and fails closed without a tenant config", async () => {
    const [a, b] = await Promise.all([provisioned(), provisioned()]);
    const spoofed = await get(
      entryOf(a!.instance).port,
      a!.request,
      "/",
      new URL(b!.request.routing.url).host,
    );
    expect(spoofed.status).toBe(200);
    expect(spoofed.body).toContain(`<title>${a!.instance.tenantId}</title>`);
    expect(spoofed.body).not.toContain(b!.instance.tenantId);
    const port = RANGE.to;
    const bare = await startBarePhp(port);
    try {
      expect((await get(port, a!.request)).status).toBe(503);
      expect((await get(port, a!.request, "/bbws-health")).status).toBe(503);
    } finally {
      process.kill(-bare, "SIGKILL");
    }
  });

  it("suspend ends every process and deregisters the target; resume serves again", async () => {
    const tenant = await provisioned(2);
    const { pgid, port } = entryOf(tenant.instance);
    expect(groupMembers(pgid!)).toHaveLength(1 + 2 * 2);
    await ops.suspend(tenant.instance);
    expect(groupMembers(pgid!)).toEqual([]);
    expect(await isFree(port)).toBe(true);
    expect(targetsOf(tenant.instance)).toEqual([]);
    expect(entryOf(tenant.instance)).toMatchObject({ state: "stopped", desiredCount: 2 });
    await ops.resume(tenant.instance);
    const resumed = entryOf(tenant.instance);
    expect((await get(resumed.port, tenant.request)).status).toBe(200);
    expect(targetsOf(tenant.instance)).toEqual([`127.0.0.1:${resumed.port}`]);
  });

  it("scale and restart roll onto new processes: the new group serves before the old one stops", async () => {
    const tenant = await provisioned();
    const before = entryOf(tenant.instance);
    await ops.scale(tenant.instance, 3);
    const scaled = entryOf(tenant.instance);
    expect(scaled.port).not.toBe(before.port);
    expect(groupMembers(scaled.pgid!)).toHaveLength(1 + 2 * 3);
    expect(groupMembers(before.pgid!)).toEqual([]);
    expect(targetsOf(tenant.instance)).toEqual([`127.0.0.1:${scaled.port}`]);
    expect((await get(scaled.port, tenant.request)).status).toBe(200);
    await ops.restart(tenant.instance);
    const restarted = entryOf(tenant.instance);
    expect(restarted.pgid).not.toBe(scaled.pgid);
    expect((await get(restarted.port, tenant.request)).status).toBe(200);
  });

  it("release leaves no process, no listening port, no target, no registry entry and no file", async () => {
    const tenant = await provisioned();
    const { pgid, port, tenantId } = entryOf(tenant.instance);
    expect(await ops.release(tenant.instance)).toEqual([resourceNames(tenantId, "dev").ecsService]);
    expect(groupMembers(pgid!)).toEqual([]);
    expect(await isFree(port)).toBe(true);
    expect(targetsOf(tenant.instance)).toEqual([]);
    expect(registry().get(tenantId)).toBeUndefined();
    expect(existsSync(join(fixture.options.dataDir, "compute", tenantId))).toBe(false);
  });

  it("refuses a second instance of a tenant and never releases another instance's compute", async () => {
    const tenant = await provisioned();
    const other = { ...tenant.instance, instanceId: crypto.randomUUID() };
    await expect(ops.ensure(other, tenant.request)).rejects.toMatchObject({
      code: "COMPUTE.TENANT_TAKEN",
      retryable: false,
    });
    expect(await ops.release(other)).toEqual([]);
    expect((await provider.checkHealth(tenant.instance, tenant.request.routing)).httpStatus).toBe(200);
  });

  it("pages the php -S log by offset, filters by time and refuses a foreign token", async () => {
    const tenant = await provisioned();
    for (let request = 0; request < 3; request++) await get(entryOf(tenant.instance).port, tenant.request);
    const all = await provider.readLogs(tenant.instance, { limit: 1000 });
    expect(all.events.length).toBeGreaterThanOrEqual(6);
    expect(all.events.some((event) => event.message.includes("GET /"))).toBe(true);
    const first = await provider.readLogs(tenant.instance, { limit: 4 });
    const second = await provider.readLogs(tenant.instance, { limit: 1000, nextToken: first.nextToken! });
    expect([...first.events, ...second.events]).toEqual(all.events);
    const later = new Date(Date.now() + 60_000);
    expect((await provider.readLogs(tenant.instance, { startTime: later })).events).toEqual([]);
    const notYetStarted = { ...tenant.instance, instanceId: "not-this-instance" };
    expect(await provider.readLogs(notYetStarted, { limit: 10 })).toEqual({ events: [] });
    await expect(provider.readLogs(tenant.instance, { nextToken: "bm9wZQ" })).rejects.toBeInstanceOf(
      ComputeError,
    );
  });
});

function writeAs(uid: number, file: string, content: string): void {
  mkdirSync(join(file, ".."), { recursive: true });
  chownSync(join(file, ".."), uid, uid);
  writeFileSync(file, content, { mode: 0o644 });
  chownSync(file, uid, uid);
}

function phpArray(values: Record<string, string>): string {
  const items = Object.entries(values).map(([key, path]) => `'${key}' => '${path}'`);
  return `[${items.join(", ")}]`;
}
