import { describe, expect, it } from "vitest";
import { type InstanceView, InstanceViewSchema } from "../domain/viewSchemas.ts";
import { createViewJsonCache, type ViewRendering } from "./viewJsonCache.ts";

// Relative to the run's clock: no fixed date in a test.
const requestedAt = new Date(Date.now() - 60_000).toISOString();
const deadlineAt = new Date(Date.now() + 14 * 60_000).toISOString();

function view(state: InstanceView["state"]): InstanceView {
  return InstanceViewSchema.parse({
    instanceId: "11111111-2222-4333-8444-555555555555",
    tenantId: "acme",
    environment: "dev",
    state,
    spec: {
      tenantId: "acme",
      environment: "dev",
      size: "small",
      desiredCount: 1,
      wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
      hostname: "acme.sites.example.com",
    },
    resources: { identity: "ready", storage: "ready", routing: "ready", compute: "ready" },
    backups: [],
    operation: {
      operationId: "66666666-7777-4888-8999-000000000000",
      instanceId: "11111111-2222-4333-8444-555555555555",
      kind: "provision",
      status: "COMPLETED",
      requestedAt,
      deadlineAt,
    },
    createdAt: requestedAt,
    updatedAt: requestedAt,
  });
}

/** A rendering that counts its calls, with the scope in its output as the real links have it. */
function counting(): ViewRendering & { calls: number } {
  const render = Object.assign(
    (subject: InstanceView, tenantScope: string | undefined) => {
      render.calls += 1;
      return { state: subject.state, under: tenantScope ?? null };
    },
    { calls: 0 },
  );
  return render;
}

describe("createViewJsonCache", () => {
  it("renders a frozen view once per rendering and tenant scope", () => {
    const cache = createViewJsonCache();
    const active = Object.freeze(view("ACTIVE"));
    const summary = counting();
    const resource = counting();

    expect(cache.jsonOf(summary, active, undefined)).toBe('{"state":"ACTIVE","under":null}');
    expect(cache.jsonOf(summary, active, undefined)).toBe('{"state":"ACTIVE","under":null}');
    expect(summary.calls).toBe(1);
    expect(cache.jsonOf(summary, active, "acme")).toBe('{"state":"ACTIVE","under":"acme"}');
    expect(cache.jsonOf(summary, active, undefined)).toBe('{"state":"ACTIVE","under":null}');
    expect(summary.calls).toBe(2);
    expect(cache.jsonOf(resource, active, undefined)).toBe('{"state":"ACTIVE","under":null}');
    expect(resource.calls).toBe(1);
  });

  it("renders another view of the same instance afresh: a change is a new view", () => {
    const cache = createViewJsonCache();
    const summary = counting();
    cache.jsonOf(summary, Object.freeze(view("ACTIVE")), undefined);
    expect(cache.jsonOf(summary, Object.freeze(view("SUSPENDED")), undefined)).toBe(
      '{"state":"SUSPENDED","under":null}',
    );
    expect(summary.calls).toBe(2);
  });

  it("renders a view that is not frozen every time: it could change under its key", () => {
    const cache = createViewJsonCache();
    const summary = counting();
    const mutable = view("ACTIVE");
    expect(cache.jsonOf(summary, mutable, undefined)).toBe('{"state":"ACTIVE","under":null}');
    mutable.state = "SUSPENDED";
    expect(cache.jsonOf(summary, mutable, undefined)).toBe('{"state":"SUSPENDED","under":null}');
    expect(summary.calls).toBe(2);
  });

  it("shares nothing between two caches (one per handler)", () => {
    const summary = counting();
    const active = Object.freeze(view("ACTIVE"));
    createViewJsonCache().jsonOf(summary, active, undefined);
    createViewJsonCache().jsonOf(summary, active, undefined);
    expect(summary.calls).toBe(2);
  });

  it("joins the cached texts into an array, and renders views none of which is frozen in one go", () => {
    const cache = createViewJsonCache();
    const summary = counting();
    const frozen = [Object.freeze(view("ACTIVE")), Object.freeze(view("SUSPENDED"))];
    const expected = '[{"state":"ACTIVE","under":"acme"},{"state":"SUSPENDED","under":"acme"}]';
    expect(cache.arrayJsonOf(summary, frozen, "acme")).toBe(expected);
    expect(cache.arrayJsonOf(summary, frozen, "acme")).toBe(expected);
    expect(summary.calls).toBe(2);
    const mutable = [view("ACTIVE"), view("SUSPENDED")];
    expect(cache.arrayJsonOf(summary, mutable, "acme")).toBe(expected);
    expect(cache.arrayJsonOf(summary, mutable, "acme")).toBe(expected);
    expect(summary.calls).toBe(6);
    expect(cache.arrayJsonOf(summary, [], undefined)).toBe("[]");
  });
});
