import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalTargetGroups } from "@bbws/local-cloud";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalRoutingInventory } from "./createLocalRoutingInventory.ts";

const dir = mkdtempSync(join(tmpdir(), "bbws-routing-inventory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIVE = "7f0c1c1e-2f4a-4b59-9a55-0d8b7e1f2a3b";
const GHOST = "0b4d6a52-44a8-4a4e-9f5e-3c0e6f1a9b21";

describe("createLocalRoutingInventory", () => {
  it("lists every route of ours in the target groups file with its tenant, environment and instance", async () => {
    const targetGroups = createLocalTargetGroups(join(dir, "list.json"));
    targetGroups.upsert({
      name: "tg-acme-dev",
      hostname: "acme.localhost",
      instanceId: LIVE,
      maintenance: false,
    });
    targetGroups.upsert({
      name: "tg-ghost-prod",
      hostname: "ghost.localhost",
      instanceId: GHOST,
      maintenance: true,
    });
    targetGroups.upsert({
      name: "someone-else",
      hostname: "x.localhost",
      instanceId: GHOST,
      maintenance: false,
    });
    const inventory = createLocalRoutingInventory({ targetGroups });
    expect(inventory.service).toBe("routing");
    expect(await inventory.list()).toEqual([
      {
        service: "routing",
        kind: "route",
        id: "tg-acme-dev",
        tenantId: "acme",
        environment: "dev",
        instanceId: LIVE,
      },
      {
        service: "routing",
        kind: "route",
        id: "tg-ghost-prod",
        tenantId: "ghost",
        environment: "prod",
        instanceId: GHOST,
      },
    ]);
  });

  it("removes one route, idempotently, and never one another instance has taken since", async () => {
    const targetGroups = createLocalTargetGroups(join(dir, "remove.json"));
    targetGroups.upsert({
      name: "tg-acme-dev",
      hostname: "acme.localhost",
      instanceId: LIVE,
      maintenance: false,
    });
    targetGroups.upsert({
      name: "tg-ghost-dev",
      hostname: "ghost.localhost",
      instanceId: GHOST,
      maintenance: false,
    });
    const inventory = createLocalRoutingInventory({ targetGroups });
    const [, ghost] = await inventory.list();
    if (!ghost) throw new Error("the ghost route was not listed");
    expect(await inventory.remove(ghost)).toEqual(["route:tg-ghost-dev (ghost.localhost)"]);
    expect(await inventory.remove(ghost)).toEqual([]);
    expect(targetGroups.list().map((group) => group.name)).toEqual(["tg-acme-dev"]);

    const stale = {
      service: "routing",
      kind: "route",
      id: "tg-acme-dev",
      tenantId: "acme",
      instanceId: GHOST,
    } as const;
    await expect(inventory.remove(stale)).rejects.toMatchObject({ code: "ROUTING.TARGET_GROUP_TAKEN" });
    expect(targetGroups.get("tg-acme-dev")?.instanceId).toBe(LIVE);
  });
});
