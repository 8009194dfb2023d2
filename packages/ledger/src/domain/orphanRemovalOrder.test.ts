import type { Orphan, Service } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { orphanRemovalOrder } from "./orphanRemovalOrder.ts";

const orphan = (service: Service, kind: string, id = kind): Orphan => ({
  service,
  kind,
  id,
  tenantId: "acme",
  reason: "its instance is DEPROVISIONED",
});

/** What points at a resource goes before the resource; the saga's release order between services. */
const REMOVAL_ORDER = [
  orphan("routing", "listener-rule"),
  orphan("routing", "route"),
  orphan("routing", "target-group"),
  orphan("compute", "ecs-service"),
  orphan("compute", "process-group"),
  orphan("compute", "task-definition"),
  orphan("compute", "registry-entry"),
  orphan("identity", "user-pool"),
  orphan("identity", "secret"),
  orphan("storage", "access-point"),
  orphan("storage", "content-dir"),
  orphan("storage", "database-user"),
  orphan("storage", "database"),
  orphan("storage", "secret"),
  orphan("storage", "uid-claim"),
  orphan("storage", "storage-record"),
];

describe("orphanRemovalOrder", () => {
  it("given an unknown kind found first, then each service's last known kind still goes before it", () => {
    const found = (["routing", "compute", "identity", "storage"] as const).map((service) =>
      orphan(service, "extra"),
    );
    const known = [
      orphan("routing", "target-group"),
      orphan("compute", "registry-entry"),
      orphan("identity", "secret"),
      orphan("storage", "storage-record"),
    ];
    expect(orphanRemovalOrder([...found, ...known]).map(({ service, kind }) => `${service}:${kind}`)).toEqual(
      [
        "routing:target-group",
        "routing:extra",
        "compute:registry-entry",
        "compute:extra",
        "identity:secret",
        "identity:extra",
        "storage:storage-record",
        "storage:extra",
      ],
    );
  });

  it("given orphans found in any order, then they go routing, compute, identity, storage, users before what they use", () => {
    expect(orphanRemovalOrder([...REMOVAL_ORDER].reverse())).toEqual(REMOVAL_ORDER);
  });

  it("given kinds it does not know, then they go last within their service, in the order found", () => {
    const found = [
      orphan("compute", "sidecar", "b"),
      orphan("compute", "task-definition"),
      orphan("compute", "sidecar", "a"),
      orphan("routing", "target-group"),
    ];
    expect(orphanRemovalOrder(found).map(({ kind, id }) => `${kind}:${id}`)).toEqual([
      "target-group:target-group",
      "task-definition:task-definition",
      "sidecar:b",
      "sidecar:a",
    ]);
  });
});
