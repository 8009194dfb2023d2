import { describe, expect, it } from "vitest";
import { PROBLEMS, problemType } from "./problemTable.ts";
import { routePattern } from "./routeSpecs.ts";

describe("problems and routes", () => {
  it("give every code a 4xx/5xx status and a distinct docs anchor", () => {
    const anchors = Object.keys(PROBLEMS).map((code) => problemType(code as keyof typeof PROBLEMS));
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const { status } of Object.values(PROBLEMS)) expect(status >= 400 && status < 600).toBe(true);
  });

  it("match paths strictly: dots are dots, a parameter is one non-empty segment", () => {
    const pattern = routePattern("/v1.0/instances/{instanceId}/status");
    expect(pattern.test("/v1.0/instances/abc/status")).toBe(true);
    expect(pattern.test("/v1.0/instances/abc/status/")).toBe(true);
    expect(pattern.test("/v1x0/instances/abc/status")).toBe(false);
    expect(pattern.test("/v1.0/instances//status")).toBe(false);
    expect(pattern.test("/v1.0/instances/a/b/status")).toBe(false);
  });
});
