import { INSTANCE_STATES } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { availableOperations, instanceLinks } from "./links.ts";

describe("links", () => {
  const instance = (
    state: (typeof INSTANCE_STATES)[number],
    status: "PENDING" | "COMPLETED" | "FAILED" | "STUCK",
  ) => ({
    instanceId: "i1",
    state,
    operation: { operationId: "o1", status },
  });

  it("offer an action for every allowed operation but provision, and none while one is open", () => {
    for (const state of INSTANCE_STATES) {
      const links = instanceLinks(instance(state, "COMPLETED"));
      const actions = Object.entries(links).filter(([, link]) => link.method !== "GET").length;
      expect(actions, state).toBe(
        availableOperations(state, "COMPLETED").filter((kind) => kind !== "provision").length,
      );
      for (const status of ["PENDING", "STUCK"] as const)
        expect(
          Object.values(instanceLinks(instance(state, status))).every((link) => link.method === "GET"),
        ).toBe(true);
    }
    expect(instanceLinks(instance("FAILED", "FAILED"), "acme").deprovision).toEqual({
      href: "/v1.0/tenants/acme/instances/i1",
      method: "DELETE",
    });
  });
});
