/**
 * THE Lambda runtime of every function, and the dates that bound it. AWS's runtime deprecation
 * table (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), checked 2026-12-05:
 * after `deprecated` a runtime gets no more security patches; after `blockCreate` no new
 * function can use it (a fresh stage fails to deploy). Only dates AWS has published are here.
 * SST derives the esbuild target from the runtime (nodejs24.x → ES2024, platform node), so the
 * bundles follow this one value. Node 24 drops callback-style handlers: every handler is async.
 */
export const LAMBDA_RUNTIMES = {
  "nodejs20.x": { nodeMajor: 20, deprecated: "2026-04-30", blockCreate: "2026-08-31" },
  "nodejs22.x": { nodeMajor: 22, deprecated: "2027-04-30" },
  "nodejs24.x": { nodeMajor: 24, deprecated: "2028-04-30" },
} as const satisfies Record<string, RuntimeDates>;

export type LambdaRuntime = keyof typeof LAMBDA_RUNTIMES;

export interface RuntimeDates {
  /** The Node.js major the runtime runs: CI runs the whole suite on it too (scripts/node24.sh, `npm run test:future:node24`). */
  readonly nodeMajor: number;
  /** End of standard support (ISO date, UTC). */
  readonly deprecated: string;
  /** From when no new function can use it (ISO date, UTC), once AWS has announced it. */
  readonly blockCreate?: string;
}

export const LAMBDA_RUNTIME: LambdaRuntime = "nodejs24.x";

/** Move on this long before the end: a runtime change is a deploy of every function, with its tests. */
export const RUNTIME_NOTICE_DAYS = 90;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Why `runtime` must not be deployed on `today` (undefined when it may): past or within
 * RUNTIME_NOTICE_DAYS of its end of standard support. The message says what to change.
 */
export function runtimeSupportProblem(
  runtime: string,
  today: Date,
  table: Readonly<Record<string, RuntimeDates>> = LAMBDA_RUNTIMES,
): string | undefined {
  const dates = table[runtime];
  const fix =
    "set LAMBDA_RUNTIME in infra/lambdaRuntime.ts to a runtime of LAMBDA_RUNTIMES ending more than " +
    `${RUNTIME_NOTICE_DAYS} days from now (add its dates from AWS's runtime deprecation table), ` +
    "and move scripts/node24.sh and the engines fields to its Node major";
  if (!dates) return `Lambda runtime ${runtime} is not in the table of supported runtimes: ${fix}`;
  const daysLeft = Math.floor((Date.parse(`${dates.deprecated}T00:00:00Z`) - today.getTime()) / DAY_MS);
  if (daysLeft >= RUNTIME_NOTICE_DAYS) return undefined;
  const when =
    daysLeft < 0
      ? `ended standard support on ${dates.deprecated}${dates.blockCreate && today.toISOString() >= dates.blockCreate ? ` and cannot be used for new functions since ${dates.blockCreate}` : ""}`
      : `ends standard support on ${dates.deprecated}, in ${daysLeft} days (less than ${RUNTIME_NOTICE_DAYS})`;
  return `Lambda runtime ${runtime} ${when}: ${fix}`;
}
