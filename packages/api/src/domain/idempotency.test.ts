import { InstanceIdSchema } from "@bbws/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, decideClaim, derivedId, fingerprintOf } from "./idempotency.ts";

describe("idempotency", () => {
  const entry = { fingerprint: "f", status: "in-progress" as const, lockedUntil: 100, expiresAt: 1_000 };

  it("decides claim, replay, mismatch and in-progress", () => {
    expect(decideClaim(null, "f", 0)).toBe("claim");
    expect(decideClaim(entry, "g", 50)).toBe("mismatch");
    expect(decideClaim(entry, "f", 50)).toBe("in-progress");
    expect(decideClaim(entry, "f", 100)).toBe("claim");
    expect(decideClaim({ ...entry, status: "completed" }, "f", 500)).toBe("replay");
    expect(decideClaim({ ...entry, status: "completed" }, "g", 1_000)).toBe("claim");
  });

  it("fingerprints requests by method, path and canonical body", () => {
    const request = { method: "POST", path: "/a", body: { b: [1, { d: 2, c: 3 }], a: null } };
    expect(canonicalJson(request.body)).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
    expect(fingerprintOf(request)).toBe(
      fingerprintOf({ ...request, body: { a: null, b: [1, { c: 3, d: 2 }] } }),
    );
    expect(fingerprintOf(request)).not.toBe(fingerprintOf({ ...request, path: "/b" }));
    expect(fingerprintOf({ method: "POST", path: "/a", body: undefined })).toBe(
      fingerprintOf({ method: "POST", path: "/a", body: {} }),
    );
  });

  it("derives valid, stable, distinct UUIDs", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (scope, other) => {
        const id = derivedId(scope, "operation");
        expect(InstanceIdSchema.safeParse(id).success).toBe(true);
        expect(derivedId(scope, "operation")).toBe(id);
        expect(derivedId(scope, "instance")).not.toBe(id);
        if (other !== scope) expect(derivedId(other, "operation")).not.toBe(id);
      }),
    );
  });
});
