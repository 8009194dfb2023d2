import { FUNCTIONS, type FunctionSpec } from "../../infra/functions.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import { installStandIns, type Recorded, stubArn } from "./sstStandIns.ts";

/** sst.config.ts, imported by URL so that `tsc` does not pull SST's global types into the repository's program. */
const SST_CONFIG = new URL("../../sst.config.ts", import.meta.url).href;

export interface DeployedFunction {
  readonly spec: FunctionSpec;
  // biome-ignore lint/suspicious/noExplicitAny: SST FunctionArgs as the config passed them
  readonly args: any;
  /** The queue it consumes, for a queue subscriber. */
  readonly queue?: Recorded;
  // biome-ignore lint/suspicious/noExplicitAny: SST QueueSubscriberArgs
  readonly subscription?: any;
}

export interface Evaluated {
  // biome-ignore lint/suspicious/noExplicitAny: the app() result
  readonly app: any;
  readonly outputs: Record<string, unknown>;
  readonly resources: readonly Recorded[];
}

/** Runs the real sst.config.ts (app + run) against recording stand-ins, with the fixture's BBWS_* variables. */
export async function evaluateSstConfig(stage = "dev", env = DEPLOY_ENV): Promise<Evaluated> {
  const standIns = installStandIns(stage);
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith("BBWS_")) delete process.env[key];
  Object.assign(process.env, env);
  try {
    const config = (await import(/* @vite-ignore */ SST_CONFIG)).default;
    const app = config.app({ stage });
    const outputs = await config.run();
    return { app, outputs, resources: standIns.resources };
  } finally {
    standIns.restore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

export const ofType = (resources: readonly Recorded[], type: string) =>
  resources.filter((resource) => resource.type === type);

/** The resource whose stub ARN (or other output) is `value`. */
export function byOutput(resources: readonly Recorded[], value: unknown): Recorded | undefined {
  return resources.find((resource) =>
    ["arn", "name", "url", "id"].some((prop) => value === stubOutput(resource, prop)),
  );
}

function stubOutput(resource: Recorded, prop: string): string {
  if (prop === "arn") return stubArn(resource);
  if (prop === "name") return `name:${resource.name}`;
  if (prop === "url") return `https://stub/${resource.name}`;
  return `${prop}:${resource.name}`;
}

/** Every Lambda the config deploys: queue subscribers, plain functions, and cron jobs. */
export function deployedFunctions(resources: readonly Recorded[]): DeployedFunction[] {
  const found: { args: unknown; queue?: Recorded; subscription?: unknown }[] = [];
  for (const queue of ofType(resources, "sst.aws.Queue"))
    for (const call of queue.calls.filter((c) => c.method === "subscribe"))
      found.push({ args: call.args[0], queue, subscription: call.args[1] });
  for (const fn of ofType(resources, "sst.aws.Function")) found.push({ args: fn.args });
  for (const cron of ofType(resources, "sst.aws.Cron")) found.push({ args: cron.args.function });
  return found.map((item) => {
    const handler = (item.args as { handler?: unknown }).handler;
    const spec = FUNCTIONS.find((candidate) => candidate.handler === handler);
    if (!spec)
      throw new Error(`a deployed function's handler ${String(handler)} is not in infra/functions.ts`);
    return { spec, ...item } as DeployedFunction;
  });
}

/** The actions of a role's only inline policy (the stand-in's getPolicyDocumentOutput keeps the statements). */
export function roleActions(role: Recorded): string[] {
  const policies = role.args.inlinePolicies as { policy: string }[];
  const statements = policies.flatMap(
    (policy) => (JSON.parse(policy.policy) as { statements: { actions: string[] }[] }).statements,
  );
  return [...new Set(statements.flatMap((statement) => statement.actions))].sort();
}

export const seconds = (duration: string): number => {
  const match = /^(\d+) seconds?$/.exec(duration);
  if (!match?.[1]) throw new Error(`not a duration in seconds: ${duration}`);
  return Number(match[1]);
};
