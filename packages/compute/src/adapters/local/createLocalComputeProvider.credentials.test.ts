import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { InstanceRef } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeProvider, type LocalComputeProvider } from "./createLocalComputeProvider.ts";
import { createLocalComputeFixture, type LocalComputeFixture } from "./localComputeFixture.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

const RANGE = { from: 21_340, to: 21_359 };
let fixture: LocalComputeFixture;
let provider: LocalComputeProvider;
const registry = () => createTenantRegistry(join(fixture.options.dataDir, "compute/registry.json"));
const entryOf = (instance: InstanceRef) => registry().get(instance.tenantId)!;
const configOf = (instance: InstanceRef) =>
  readFileSync(join(fixture.options.dataDir, "compute", instance.tenantId, "wp-config.php"), "utf8");

beforeAll(async () => {
  fixture = await createLocalComputeFixture({ portRange: RANGE });
  provider = createLocalComputeProvider(fixture.options);
});
afterAll(async () => {
  await provider?.stopAll();
  await fixture?.dispose();
});

describe("local compute: a restart reads the credentials secret again", () => {
  it("given credentials that do not log in, the new php never takes traffic and the old config comes back", async () => {
    const { instance, request } = await fixture.newTenant();
    await computeOperations(provider).ensure(instance, request);
    const ref = request.storage.credentialsSecretRef;
    const before = {
      entry: entryOf(instance),
      config: configOf(instance),
      secret: fixture.options.secrets.read(ref),
    };
    const stored = JSON.parse(before.secret) as { password: string };
    fixture.options.secrets.replace(ref, JSON.stringify({ ...stored, password: "not-the-password" }));

    const restart = provider.restartService(instance, { desiredCount: 1, credentialsSecretRef: ref });
    await expect(restart).rejects.toMatchObject({ code: "COMPUTE.START_FAILED" });
    expect(configOf(instance)).toBe(before.config);
    expect(entryOf(instance)).toMatchObject({ port: before.entry.port, pgid: before.entry.pgid });
    expect((await provider.checkHealth(instance, request.routing)).httpStatus).toBe(200);

    // With credentials that work, the restart rewrites the config and rolls onto a new group.
    fixture.options.secrets.replace(ref, before.secret);
    await provider.restartService(instance, { desiredCount: 1, credentialsSecretRef: ref });
    expect(entryOf(instance).pgid).not.toBe(before.entry.pgid);
    expect(configOf(instance)).toBe(before.config);
    expect((await provider.checkHealth(instance, request.routing)).httpStatus).toBe(200);
  }, 90_000);
});
