import { describe, expect, it } from "vitest";
import { type HealthCheckPart, summarizeHealth } from "./health.ts";

const part = (name: string, outcome: HealthCheckPart["outcome"], extra: Partial<HealthCheckPart> = {}) => ({
  part: name,
  outcome,
  ms: 5,
  detail: `${name} ${outcome}`,
  ...extra,
});

describe("summarizeHealth", () => {
  it("is HEALTHY when every part passes", () => {
    expect(summarizeHealth([part("process", "pass"), part("http", "pass")])).toEqual({ status: "HEALTHY" });
  });

  it("is UNHEALTHY when the site does not answer, whatever else passes", () => {
    expect(summarizeHealth([part("process", "pass"), part("http", "fail")])).toEqual({
      status: "UNHEALTHY",
      reason: "http: http fail",
    });
  });

  it("is DEGRADED by a warning or a failed side part, naming each and the drift", () => {
    const summary = summarizeHealth([
      part("process", "fail"),
      part("http", "pass"),
      part("drift", "warn", { drift: ["storage:database-user"] }),
    ]);
    expect(summary).toEqual({
      status: "DEGRADED",
      reason: "process: process fail; drift: drift warn",
      drift: ["storage:database-user"],
    });
  });

  it("is DEGRADED when the site is too slow to answer in its budget", () => {
    expect(summarizeHealth([part("http", "timeout"), part("process", "pass")]).status).toBe("DEGRADED");
  });

  it("ignores a side part that only timed out", () => {
    expect(summarizeHealth([part("http", "pass"), part("drift", "timeout")])).toEqual({ status: "HEALTHY" });
  });

  it("is UNKNOWN when nothing answered or nothing was checked", () => {
    expect(summarizeHealth([part("drift", "timeout")]).status).toBe("UNKNOWN");
    expect(summarizeHealth([])).toEqual({ status: "UNKNOWN", reason: "nothing was checked" });
  });
});
