import { beforeAll, describe, expect, it } from "vitest";
import {
  COGNITO_ACCOUNT_WRITES_PER_SECOND,
  cognitoWriteBudget,
  cognitoWriters,
  isCognitoWrite,
} from "../../infra/cognitoWriteBudget.ts";
import { FUNCTIONS, functionSpec } from "../../infra/functions.ts";
import { type DeployedFunction, deployedFunctions, evaluateSstConfig } from "./evaluateSstConfig.ts";

/**
 * Cognito's 15 writes/s are per account; each container limits itself. The bound holds across
 * containers only if every writer's containers are bounded (reserved concurrency) and the
 * shares add up: this is that proof, over the wiring table and the IAM table.
 */
let functions: DeployedFunction[];
beforeAll(async () => {
  functions = deployedFunctions((await evaluateSstConfig("dev")).resources);
});

describe("Cognito's per-account write quota holds across containers", () => {
  it("knows who writes to Cognito from the IAM table: identity and the orphan scan", () => {
    expect(cognitoWriters()).toEqual(["identity", "orphanScan"]);
    expect(isCognitoWrite("cognito-idp:CreateUserPool")).toBe(true);
    expect(isCognitoWrite("cognito-idp:DeleteUserPoolDomain")).toBe(true);
    expect(isCognitoWrite("cognito-idp:ListUserPools")).toBe(false);
    expect(isCognitoWrite("cognito-idp:DescribeUserPool")).toBe(false);
  });

  it("no second sees more than 15 writes: Σ reserved concurrency × (rate + burst) ≤ 15", () => {
    const budget = cognitoWriteBudget(FUNCTIONS);
    expect(budget.shares).toEqual([
      { id: "identity", reservedConcurrency: 2, writesPerSecond: 5, peakPerSecond: 12 },
      { id: "orphanScan", reservedConcurrency: 1, writesPerSecond: 2, peakPerSecond: 3 },
    ]);
    expect(budget.peakPerSecond).toBeLessThanOrEqual(COGNITO_ACCOUNT_WRITES_PER_SECOND);
  });

  it("refuses a writer whose containers are unbounded", () => {
    const unbounded = FUNCTIONS.map((spec) =>
      spec.id === "orphanScan" ? { ...spec, reservedConcurrency: undefined } : spec,
    );
    expect(() => cognitoWriteBudget(unbounded)).toThrow(
      "orphanScan writes to Cognito: give it reservedConcurrency and cognitoWritesPerSecond (infra/functions.ts)",
    );
  });

  it.each(cognitoWriters().map((id) => [id]))(
    "%s: deployed with its reserved concurrency, its rate in its environment, its queue no wider",
    (id) => {
      const spec = functionSpec(id);
      const fn = functions.find((candidate) => candidate.spec.id === id);
      expect(fn?.args.concurrency).toEqual({ reserved: spec.reservedConcurrency });
      expect(fn?.args.environment.BBWS_COGNITO_WRITES_PER_SECOND).toBe(String(spec.cognitoWritesPerSecond));
      // An event source wider than the reserved concurrency is throttled, and throttled
      // messages count receives towards the DLQ.
      if (fn?.subscription)
        expect(
          fn.subscription.transform.eventSourceMapping.scalingConfig.maximumConcurrency,
        ).toBeLessThanOrEqual(spec.reservedConcurrency ?? 0);
    },
  );
});
