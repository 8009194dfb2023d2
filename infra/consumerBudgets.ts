import { type Consumer, PENDING_WAITS, type PendingWait, shortestLookSeconds } from "@bbws/contracts";
import { RETRY_RECEIVES } from "@bbws/mesh";

/**
 * THE time budget of each bus consumer: a batch must fit its function's timeout, worst case,
 *   (callsPerRecord × worstCallSeconds + workSecondsPerRecord) × batchSize ≤ timeoutSeconds,
 * since a handler takes its records one after another. `worstCallSeconds` is one AWS call
 * with the SDK client's retries (AWS_SDK_MAX_ATTEMPTS = 3, adaptive; the adapters no longer
 * loop, docs/architecture.md). The values were estimated for the old in-adapter loop; the
 * SDK's throttling backoff alone may reach 1 + 2 s (its retry config's throttling base delay
 * is 1 s, doubled per retry, times a random factor), so a call throttled to the end can
 * exceed them: the record then times out and SQS redelivers it, as for any retryable error.
 * `maxConcurrency` (the event source mapping's ScalingConfig, 2–1000) caps the containers,
 * hence the calls a consumer makes at once against account-wide API limits (`accountLimit`).
 * infra/functions.ts takes timeout, batch and concurrency from here; docs/deploy.md shows the
 * table; tests/infra/consumerBudgets.test.ts holds both to these rules.
 */
export interface ConsumerBudget {
  /** A bus consumer, or the ECS events consumer (its queue is fed by the default bus, infra/health.ts). */
  readonly consumer: Consumer | "ecsEvents";
  readonly timeoutSeconds: number;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  /** AWS calls one record makes, worst path (a provision with every lookup and write). */
  readonly callsPerRecord: number;
  readonly worstCallSeconds: number;
  /** Time that is not AWS calls: the storage archive (dump, tar, upload, verify). */
  readonly workSecondsPerRecord: number;
  /** The account-wide request rate the consumer shares, if one binds it. */
  readonly accountLimit?: {
    readonly api: string;
    readonly requestsPerSecond: number;
    /** Calls to that API per record, and the least time a record takes (its other calls). */
    readonly callsPerRecord: number;
    readonly minRecordSeconds: number;
  };
  /**
   * By request, the steps one message may wait on, one after another (a look every
   * `retryAfterSeconds` of its phase until `deadlineSeconds`): the queue allows the receives of the
   * longest, as if every look came at the shortest spacing, on top of RETRY_RECEIVES
   * (maxReceiveCountOf).
   */
  readonly waits?: Readonly<Record<string, readonly PendingWait[]>>;
  readonly why: string;
}

export const CONSUMER_BUDGETS: Readonly<Record<Consumer, ConsumerBudget>> = {
  // Cognito writes are 15/s per account: few containers, small batches.
  identity: {
    consumer: "identity",
    timeoutSeconds: 30,
    batchSize: 2,
    maxConcurrency: 2,
    callsPerRecord: 24,
    worstCallSeconds: 0.6,
    workSecondsPerRecord: 0,
    why: "~5 Cognito writes, 2 Secrets Manager calls; up to 17 ListUserPools pages only on a retry after a lost CreateUserPool answer",
  },
  // Dump + tar + upload + verify of one tenant per invocation; a failed message comes back
  // after 30 min (6× the timeout), so a storage retry outlasts the provisioning deadline.
  storage: {
    consumer: "storage",
    timeoutSeconds: 300,
    batchSize: 1,
    maxConcurrency: 5,
    callsPerRecord: 20,
    worstCallSeconds: 2,
    workSecondsPerRecord: 240,
    why: "EFS access point + up to 8 polls, uid claims (DynamoDB), secret, SQL; the archive on deprovision",
  },
  // ~9 ELB/Route 53/DynamoDB calls per record; Route 53 allows 5 requests/s per account. A batch
  // of 1: two records of 9 worst calls (32.4 s) would not fit 30 s since the target group's
  // ModifyTargetGroupAttributes; records/s stay the same (a handler takes its records one by one).
  routing: {
    consumer: "routing",
    timeoutSeconds: 30,
    batchSize: 1,
    maxConcurrency: 2,
    callsPerRecord: 9,
    worstCallSeconds: 1.8,
    workSecondsPerRecord: 0,
    accountLimit: { api: "Route 53", requestsPerSecond: 5, callsPerRecord: 1, minRecordSeconds: 0.5 },
    why: "slot query + claim, DescribeLoadBalancers, CreateTargetGroup, ModifyTargetGroupAttributes, CreateRule, ChangeResourceRecordSets, record writes",
  },
  // Fargate launches burst 100, 20/s sustained; health checks poll ECS, ELB and WordPress.
  // Every tenant waiting on its install, health or a rollout is looked at every 2–15 s (PENDING_WAITS, by
  // what ECS reports), one invocation each: at 1.67 tenants/s arriving, ~250 waiting at once.
  // 5 containers let those looks queue (bench:aws-sim, with looks every 10 s: compute's queue
  // peaked at 169, p50 floor + 39 s); 10 keep it under 10 with no ECS throttle (docs/awsSimulation.md).
  compute: {
    consumer: "compute",
    timeoutSeconds: 30,
    batchSize: 2,
    maxConcurrency: 10,
    callsPerRecord: 10,
    worstCallSeconds: 1.5,
    workSecondsPerRecord: 0,
    waits: {
      ComputeRequested: [PENDING_WAITS.installTask, PENDING_WAITS.serviceHealth],
      // ScaleRequested with a size, ImageUpdateRequested, RestartRequested (rotateCredentials).
      rollout: [PENDING_WAITS.rollout],
    },
    why: "RegisterTaskDefinition, Create/UpdateService, DescribeServices, DescribeTargetHealth, HTTP GET, record writes",
  },
  // DynamoDB only: read the instance, one transaction (state + outbox), retried on a version conflict.
  ledger: {
    consumer: "ledger",
    timeoutSeconds: 30,
    batchSize: 10,
    maxConcurrency: 10,
    callsPerRecord: 4,
    worstCallSeconds: 0.6,
    workSecondsPerRecord: 0,
    why: "GetItem + TransactWriteItems, twice on a conflict",
  },
};

/** The ECS events consumer: per record one DescribeServices (assumed role) and the ledger's fold. */
export const ECS_EVENTS_BUDGET: ConsumerBudget = {
  consumer: "ecsEvents",
  timeoutSeconds: 30,
  batchSize: 5,
  maxConcurrency: 2,
  callsPerRecord: 6,
  worstCallSeconds: 0.9,
  workSecondsPerRecord: 0,
  why: "AssumeRole (cached), DescribeServices, findLiveInstanceId, GetItem + TransactWriteItems (twice on a conflict)",
};

/** Half again as many looks as the waits need: looks that land late, a retry between them. */
const WAIT_RECEIVES_MARGIN = 1.5;
/** SQS's largest maxReceiveCount in a redrive policy. */
export const SQS_MAX_RECEIVE_COUNT = 1000;

/** Looks of one message's waits, one after another, each at its shortest spacing until its deadline. */
export function looksOf(waits: readonly PendingWait[]): number {
  return waits.reduce((sum, wait) => sum + wait.deadlineSeconds / shortestLookSeconds(wait), 0);
}

/**
 * The queue's maxReceiveCount (its redrive policy), also the handler's BBWS_MAX_RECEIVE_COUNT: the
 * retries of ordinary errors (RETRY_RECEIVES) plus every look of the longest wait a message of
 * the consumer has, so SQS never dead-letters a healthy wait before its deadline (the decider ends
 * it there, runStep reports the last receive). A consumer without waits keeps RETRY_RECEIVES: a
 * request that waits for another delivery's lease (RequestInFlightError) comes back when the lease
 * ends, one receive per holder, as it did after the visibility timeout.
 */
export function maxReceiveCountOf(consumer: Consumer): number {
  const looks = Math.max(0, ...Object.values(CONSUMER_BUDGETS[consumer].waits ?? {}).map(looksOf));
  return Math.min(RETRY_RECEIVES + Math.ceil(looks * WAIT_RECEIVES_MARGIN), SQS_MAX_RECEIVE_COUNT);
}

/** Seconds one batch may take, worst case. */
export function worstBatchSeconds(budget: ConsumerBudget): number {
  return (budget.callsPerRecord * budget.worstCallSeconds + budget.workSecondsPerRecord) * budget.batchSize;
}

/** What breaks the budget, one line each (empty when it holds). */
export function budgetProblems(budget: ConsumerBudget): string[] {
  const problems: string[] = [];
  const worst = worstBatchSeconds(budget);
  if (worst > budget.timeoutSeconds)
    problems.push(
      `${budget.consumer}: a batch of ${budget.batchSize} may take ${worst.toFixed(1)} s, over its ${budget.timeoutSeconds} s timeout: lower batchSize or raise timeoutSeconds in infra/consumerBudgets.ts`,
    );
  if (!Number.isInteger(budget.maxConcurrency) || budget.maxConcurrency < 2 || budget.maxConcurrency > 1000)
    problems.push(
      `${budget.consumer}: maxConcurrency must be an integer from 2 to 1000 (SQS event source ScalingConfig)`,
    );
  if (!Number.isInteger(budget.batchSize) || budget.batchSize < 1 || budget.batchSize > 10)
    problems.push(`${budget.consumer}: batchSize must be 1 to 10 (SQS without a batching window)`);
  const limit = budget.accountLimit;
  if (limit) {
    const rate = (budget.maxConcurrency * limit.callsPerRecord) / limit.minRecordSeconds;
    if (rate > limit.requestsPerSecond)
      problems.push(
        `${budget.consumer}: up to ${rate.toFixed(1)} ${limit.api} requests/s, over the account's ${limit.requestsPerSecond}/s: lower maxConcurrency`,
      );
  }
  return problems;
}

/** The budgets as the Markdown table of docs/deploy.md (a test keeps the two equal). */
export function renderBudgetTable(
  budgets: readonly ConsumerBudget[] = Object.values(CONSUMER_BUDGETS),
): string {
  const header =
    "| consumer | calls/record | worst s/call | other s/record | batch | worst batch s | timeout s | max concurrency | account limit |\n" +
    "|---|---|---|---|---|---|---|---|---|";
  const rows = budgets.map((budget) => {
    const limit = budget.accountLimit;
    const shared = limit
      ? `${limit.api} ${limit.requestsPerSecond}/s: ≤ ${((budget.maxConcurrency * limit.callsPerRecord) / limit.minRecordSeconds).toFixed(1)}/s`
      : "";
    return `| ${budget.consumer} | ${budget.callsPerRecord} | ${budget.worstCallSeconds} | ${budget.workSecondsPerRecord} | ${budget.batchSize} | ${worstBatchSeconds(budget).toFixed(1)} | ${budget.timeoutSeconds} | ${budget.maxConcurrency} | ${shared} |`;
  });
  return [header, ...rows].join("\n");
}
