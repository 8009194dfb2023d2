import { randomUUID } from "node:crypto";
import { buildInstanceSpec, type InstanceRef, RoutingOutputsSchema } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { RoutingError } from "../domain/errors.ts";
import type { RoutingProvider } from "../ports.ts";

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
      const { instance, spec } = fresh();
      const outputs = await provider.ensureRoute(instance, spec);
      expect(RoutingOutputsSchema.parse(outputs)).toEqual(outputs);
      expect(outputs.url).toContain(outputs.hostname);
      expect(outputs.hostname.startsWith(`${instance.tenantId}.`)).toBe(true);
      expect(await routeState(outputs.hostname)).toBe("forwarding");
      expect(await provider.ensureRoute(instance, spec)).toEqual(outputs);
    });

    it("serves maintenance while suspended and forwards again on resume, both idempotent", async () => {
      const { provider, routeState } = await make();
      const { instance, spec } = fresh();
      const { hostname } = await provider.ensureRoute(instance, spec);
      await provider.suspendRoute(instance);
      await provider.suspendRoute(instance);
      expect(await routeState(hostname)).toBe("maintenance");
      await provider.resumeRoute(instance);
      await provider.resumeRoute(instance);
      expect(await routeState(hostname)).toBe("forwarding");
    });

    it("releases everything once, then finds nothing to release", async () => {
      const { provider, routeState } = await make();
      const { instance, spec } = fresh();
      const { hostname } = await provider.ensureRoute(instance, spec);
      expect((await provider.releaseRoute(instance)).length).toBeGreaterThan(0);
      expect(await routeState(hostname)).toBe("absent");
      expect(await provider.releaseRoute(instance)).toEqual([]);
      expect(await provider.releaseRoute(fresh().instance)).toEqual([]);
    });

    it("refuses to suspend or resume a route that does not exist, without retry", async () => {
      const { provider } = await make();
      const { instance, spec } = fresh();
      expect(await codeOf(provider.suspendRoute(instance))).toBe("ROUTING.ROUTE_NOT_FOUND/false");
      await provider.ensureRoute(instance, spec);
      await provider.releaseRoute(instance);
      expect(await codeOf(provider.resumeRoute(instance))).toBe("ROUTING.ROUTE_NOT_FOUND/false");
    });

    it("routes again after a release (a later instance of the same tenant)", async () => {
      const { provider, routeState } = await make();
      const first = fresh();
      await provider.ensureRoute(first.instance, first.spec);
      await provider.releaseRoute(first.instance);
      const second = fresh(first.instance.tenantId);
      const outputs = await provider.ensureRoute(second.instance, second.spec);
      expect(await routeState(outputs.hostname)).toBe("forwarding");
    });

    it("keeps tenants apart, and never gives one tenant's name to a second live instance", async () => {
      const { provider, routeState } = await make();
      const a = fresh();
      const b = fresh();
      const routeA = await provider.ensureRoute(a.instance, a.spec);
      const routeB = await provider.ensureRoute(b.instance, b.spec);
      await provider.suspendRoute(a.instance);
      expect(await routeState(routeA.hostname)).toBe("maintenance");
      expect(await routeState(routeB.hostname)).toBe("forwarding");

      const twin = fresh(a.instance.tenantId);
      expect(await codeOf(provider.ensureRoute(twin.instance, twin.spec))).toBe(
        "ROUTING.TARGET_GROUP_TAKEN/false",
      );
      expect(await provider.releaseRoute(twin.instance)).toEqual([]);
      expect(await routeState(routeA.hostname)).toBe("maintenance");
    });
  });
}
