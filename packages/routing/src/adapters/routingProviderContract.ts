import { randomUUID } from "node:crypto";
import { buildInstanceSpec, type InstanceRef, RoutingOutputsSchema } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { RoutingError } from "../domain/errors.ts";
import type { RoutingProvider } from "../ports.ts";
import { createRoutingDriver } from "../testing/routingDriver.ts";

export type RouteState = "forwarding" | "maintenance" | "absent";

export interface RoutingProviderHarness {
  readonly provider: RoutingProvider;
  /** What a visitor of this host gets from the adapter's world (the ALB, the local proxy). */
  routeState(hostname: string): Promise<RouteState> | RouteState;
}

const defaults = { wordpress: { version: "6.4", image: "wordpress:6.4" }, baseDomain: "sites.example.com" };

/** The behaviour every RoutingProvider adapter must have; run against each adapter. */
export function describeRoutingProviderContract(
  adapter: string,
  make: () => Promise<RoutingProviderHarness> | RoutingProviderHarness,
) {
  describe(`RoutingProvider contract: ${adapter}`, () => {
    const fresh = (tenantId = `t${randomUUID().replaceAll("-", "").slice(0, 12)}`) => {
      const instance: InstanceRef = { instanceId: randomUUID(), tenantId, environment: "dev" };
      return { instance, spec: buildInstanceSpec({ tenantId, environment: "dev" }, defaults) };
    };
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "resolved",
        (error: unknown) =>
          error instanceof RoutingError ? `${error.code}/${error.retryable}` : String(error),
      );

    it("creates a forwarding route with valid outputs, and answers the same outputs again", async () => {
      const { provider, routeState } = await make();
      const route = createRoutingDriver(provider);
      const { instance, spec } = fresh();
      const outputs = await route.ensureRoute(instance, spec);
      expect(RoutingOutputsSchema.parse(outputs)).toEqual(outputs);
      expect(outputs.url).toContain(outputs.hostname);
      expect(outputs.hostname.startsWith(`${instance.tenantId}.`)).toBe(true);
      expect(await routeState(outputs.hostname)).toBe("forwarding");
      expect(await route.ensureRoute(instance, spec)).toEqual(outputs);
      // A fresh decider state (as if its journal were lost) runs every step again: each adopts.
      expect(await createRoutingDriver(provider).ensureRoute(instance, spec)).toEqual(outputs);
      expect(await routeState(outputs.hostname)).toBe("forwarding");
    });

    it("serves maintenance while suspended and forwards again on resume, both idempotent", async () => {
      const { provider, routeState } = await make();
      const route = createRoutingDriver(provider);
      const { instance, spec } = fresh();
      const { hostname } = await route.ensureRoute(instance, spec);
      await route.suspendRoute(instance);
      await route.suspendRoute(instance);
      expect(await routeState(hostname)).toBe("maintenance");
      await route.resumeRoute(instance);
      await route.resumeRoute(instance);
      expect(await routeState(hostname)).toBe("forwarding");
    });

    it("releases everything once, then finds nothing to release", async () => {
      const { provider, routeState } = await make();
      const route = createRoutingDriver(provider);
      const { instance, spec } = fresh();
      const { hostname } = await route.ensureRoute(instance, spec);
      expect((await route.releaseRoute(instance)).length).toBeGreaterThan(0);
      expect(await routeState(hostname)).toBe("absent");
      expect(await createRoutingDriver(provider).releaseRoute(instance)).toEqual([]);
      expect(await route.releaseRoute(fresh().instance)).toEqual([]);
    });

    it("refuses to suspend or resume a route that does not exist, without retry", async () => {
      const { provider } = await make();
      const route = createRoutingDriver(provider);
      const { instance, spec } = fresh();
      expect(await codeOf(route.suspendRoute(instance))).toBe("ROUTING.ROUTE_NOT_FOUND/false");
      await route.ensureRoute(instance, spec);
      await route.releaseRoute(instance);
      // The decider ignores requests for a released instance; the port itself still refuses.
      expect(await codeOf(provider.forward(instance))).toBe("ROUTING.ROUTE_NOT_FOUND/false");
      expect(await codeOf(provider.serveMaintenance(instance))).toBe("ROUTING.ROUTE_NOT_FOUND/false");
    });

    it("routes again after a release (a later instance of the same tenant)", async () => {
      const { provider, routeState } = await make();
      const route = createRoutingDriver(provider);
      const first = fresh();
      await route.ensureRoute(first.instance, first.spec);
      await route.releaseRoute(first.instance);
      const second = fresh(first.instance.tenantId);
      const outputs = await route.ensureRoute(second.instance, second.spec);
      expect(await routeState(outputs.hostname)).toBe("forwarding");
    });

    it("keeps tenants apart, and never gives one tenant's name to a second live instance", async () => {
      const { provider, routeState } = await make();
      const route = createRoutingDriver(provider);
      const a = fresh();
      const b = fresh();
      const routeA = await route.ensureRoute(a.instance, a.spec);
      const routeB = await route.ensureRoute(b.instance, b.spec);
      await route.suspendRoute(a.instance);
      expect(await routeState(routeA.hostname)).toBe("maintenance");
      expect(await routeState(routeB.hostname)).toBe("forwarding");

      const twin = fresh(a.instance.tenantId);
      expect(await codeOf(route.ensureRoute(twin.instance, twin.spec))).toBe(
        "ROUTING.TARGET_GROUP_TAKEN/false",
      );
      expect(await route.releaseRoute(twin.instance)).toEqual([]);
      expect(await routeState(routeA.hostname)).toBe("maintenance");
    });
  });
}
