import { readFileSync } from "node:fs";
import { CONSUMERS, PENDING_WAITS } from "@bbws/contracts";
import { RETRY_RECEIVES } from "@bbws/mesh";
import { beforeAll, describe, expect, it } from "vitest";
import {
  budgetProblems,
  CONSUMER_BUDGETS,
  looksOf,
  maxReceiveCountOf,
  renderBudgetTable,
  SQS_MAX_RECEIVE_COUNT,
  worstBatchSeconds,
} from "../../infra/consumerBudgets.ts";
import { type DeployedFunction, deployedFunctions, evaluateSstConfig, seconds } from "./evaluateSstConfig.ts";

let functions: DeployedFunction[];
beforeAll(async () => {
  functions = deployedFunctions((await evaluateSstConfig("dev")).resources);
});

describe("receives per queue (maxReceiveCountOf)", () => {
  const shortest = (spacing: { far: number; near: number }) => Math.min(spacing.far, spacing.near);

  it("gives compute every look of its longest wait (the provisioning's two) at their shortest spacing, half again, on top of the ordinary retries", () => {
    const { installTask, serviceHealth } = PENDING_WAITS;
    const looks =
      installTask.deadlineSeconds / shortest(installTask.retryAfterSeconds) +
      serviceHealth.deadlineSeconds / shortest(serviceHealth.retryAfterSeconds);
    expect(looks).toBe(480 / 3 + 300 / 2);
    expect(maxReceiveCountOf("compute")).toBe(RETRY_RECEIVES + Math.ceil(looks * 1.5));
    expect(maxReceiveCountOf("compute")).toBe(470);
    expect(maxReceiveCountOf("compute")).toBeGreaterThan(RETRY_RECEIVES + looks);
    expect(maxReceiveCountOf("compute")).toBeLessThanOrEqual(SQS_MAX_RECEIVE_COUNT);
  });

  it("lets a rollout (a message of its own) run to its deadline before the DLQ: 540 s / 3 s = 180 looks of 470", () => {
    const { rollout } = PENDING_WAITS;
    const looks = rollout.deadlineSeconds / shortest(rollout.retryAfterSeconds);
    expect(looks).toBe(540 / 3);
    expect(looksOf([rollout])).toBe(looks);
    expect(RETRY_RECEIVES + Math.ceil(looks * 1.5)).toBeLessThanOrEqual(maxReceiveCountOf("compute"));
  });

  it("budgets every one of compute's waits in some message's path", () => {
    const budgeted = Object.values(CONSUMER_BUDGETS.compute.waits ?? {}).flat();
    for (const wait of Object.values(PENDING_WAITS)) expect(budgeted).toContain(wait);
  });

  it.each(CONSUMERS.filter((consumer) => consumer !== "compute").map((consumer) => [consumer]))(
    "%s: no waits, the ordinary retries only",
    (consumer) => expect(maxReceiveCountOf(consumer)).toBe(RETRY_RECEIVES),
  );
});

describe("consumer budgets (infra/consumerBudgets.ts)", () => {
  it.each(CONSUMERS.map((consumer) => [consumer]))("%s: a worst-case batch fits the timeout", (consumer) => {
    expect(budgetProblems(CONSUMER_BUDGETS[consumer])).toEqual([]);
  });

  it("refuses routing's former batch of 10 in 30 s, Route 53 overrun and an out-of-range concurrency", () => {
    const routing = CONSUMER_BUDGETS.routing;
    expect(worstBatchSeconds({ ...routing, batchSize: 10 })).toBeCloseTo(162);
    expect(budgetProblems({ ...routing, batchSize: 10 })).toEqual([
      expect.stringMatching(
        /routing: a batch of 10 may take 162\.0 s, over its 30 s timeout: lower batchSize/,
      ),
    ]);
    expect(budgetProblems({ ...routing, maxConcurrency: 5 })).toEqual([
      expect.stringMatching(/10\.0 Route 53 requests\/s, over the account's 5\/s/),
    ]);
    expect(budgetProblems({ ...CONSUMER_BUDGETS.ledger, maxConcurrency: 1 })).toEqual([
      expect.stringMatching(/maxConcurrency must be an integer from 2 to 1000/),
    ]);
  });

  it.each(CONSUMERS.map((consumer) => [consumer]))(
    "%s: sst.config.ts deploys exactly that timeout, batch size and maximum concurrency",
    (consumer) => {
      const budget = CONSUMER_BUDGETS[consumer];
      const fn = functions.find((candidate) => candidate.spec.consumer === consumer);
      expect(seconds(fn?.args.timeout)).toBe(budget.timeoutSeconds);
      expect(fn?.subscription.batch.size).toBe(budget.batchSize);
      expect(fn?.subscription.transform.eventSourceMapping.scalingConfig).toEqual({
        maximumConcurrency: budget.maxConcurrency,
      });
    },
  );
});

describe("docs/deploy.md", () => {
  it("shows the budget table as infra/consumerBudgets.ts states it", () => {
    const doc = readFileSync(new URL("../../docs/deploy.md", import.meta.url), "utf8");
    expect(doc).toContain(renderBudgetTable());
  });
});
