import { benchTenantId, completed, nothingLeft, type Operator } from "./stackOperator.ts";
import { type Lap, seconds, timed } from "./stackReport.ts";
import { cpuSince } from "./support/processTreeCpu.ts";

/** One tenant's lifecycle through the API, ms each step. */
export interface LifecycleRun {
  readonly tenantId: string;
  readonly provision: number;
  readonly suspend: number;
  readonly resume: number;
  readonly backup: number;
  readonly restore: number;
  readonly deprovision: number;
}

/** POST → the site's first 200; resolves to the instance id. */
async function provision(operator: Operator, tenantId: string): Promise<string> {
  const created = await operator.send("POST", "/v1.0/instances", { tenantId, environment: "dev" });
  await operator.untilSite(tenantId, 200);
  return String(created.instanceId);
}

/** DELETE → deprovisioned, every resource released, the site's route gone (404). */
async function deprovision(operator: Operator, tenantId: string, instanceId: string): Promise<void> {
  await operator.send("DELETE", `/v1.0/instances/${instanceId}`);
  await operator.untilInstance(instanceId, "deprovisioned", nothingLeft);
  await operator.untilSite(tenantId, 404);
}

/** One tenant, the whole lifecycle an operator drives, each step timed. */
export async function runLifecycle(operator: Operator): Promise<LifecycleRun> {
  const tenantId = benchTenantId();
  let instanceId = "";
  const provisioned = await timed(async () => {
    instanceId = await provision(operator, tenantId);
  });
  const path = `/v1.0/instances/${instanceId}`;
  // The next request waits for the ledger to close the previous operation (a 409 otherwise).
  await operator.untilInstance(instanceId, "ACTIVE", completed("provision", "ACTIVE"));
  const suspend = await timed(async () => {
    await operator.send("POST", `${path}/suspend`);
    await operator.untilSite(tenantId, 503);
  });
  await operator.untilInstance(instanceId, "SUSPENDED", completed("suspend", "SUSPENDED"));
  const resume = await timed(async () => {
    await operator.send("POST", `${path}/resume`);
    await operator.untilSite(tenantId, 200);
  });
  await operator.untilInstance(instanceId, "resumed", completed("resume", "ACTIVE"));
  let backupId = "";
  const backup = await timed(async () => {
    backupId = String((await operator.send("POST", `${path}/backup`, {})).backupId);
    await operator.untilInstance(instanceId, "backed up", completed("backup", "ACTIVE"));
  });
  const restore = await timed(async () => {
    await operator.send("POST", `${path}/restore`, { backupId });
    await operator.untilInstance(instanceId, "restored", completed("restore", "ACTIVE"));
    await operator.untilSite(tenantId, 200);
  });
  const deprovisioned = await timed(() => deprovision(operator, tenantId, instanceId));
  return { tenantId, provision: provisioned, suspend, resume, backup, restore, deprovision: deprovisioned };
}

/** `count` tenants POSTed at once, each to its first 200; then all DELETEd at once. */
export async function runTogether(input: {
  operator: Operator;
  count: number;
  say: (line: string) => void;
  /** CPU used so far by label (processTreeCpu): sampled at the first POST and once all are ACTIVE. */
  cpu: () => Map<string, number>;
}): Promise<{ provision: Lap; deprovision: Lap; cpu: [string, number][] }> {
  const { operator } = input;
  const cpuBefore = input.cpu();
  const tenants = Array.from({ length: input.count }, () => benchTenantId());
  const ids = new Map<string, string>();
  const started = performance.now();
  const each = await Promise.all(
    tenants.map((tenantId) =>
      timed(async () => {
        ids.set(tenantId, await provision(operator, tenantId));
        input.say(`  ${tenantId} answers 200 after ${seconds(performance.now() - started)}`);
      }),
    ),
  );
  const provisioned = { each, all: performance.now() - started };
  for (const [, instanceId] of ids)
    await operator.untilInstance(instanceId, "ACTIVE", completed("provision", "ACTIVE"));
  const cpu = cpuSince(cpuBefore, input.cpu());
  input.say(`  deprovisioning the ${input.count} at once`);
  const offboardStart = performance.now();
  const gone = await Promise.all(
    tenants.map((tenantId) => timed(() => deprovision(operator, tenantId, ids.get(tenantId) ?? ""))),
  );
  const deprovisioned = { each: gone, all: performance.now() - offboardStart };
  input.say(`  all ${input.count} deprovisioned after ${seconds(deprovisioned.all)}`);
  return { provision: provisioned, deprovision: deprovisioned, cpu };
}

const IDLE_WINDOW_MS = 5_000;

/**
 * What the stack spends with nothing to do (its loops: relay, sweeps, metrics, queue waits) over
 * five seconds, as a share of one core and by process.
 */
export async function idleCpu(cpu: () => Map<string, number>): Promise<string> {
  const before = cpu();
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
  const used = cpuSince(before, cpu());
  const total = used.reduce((sum, [, cpuSeconds]) => sum + cpuSeconds, 0);
  const parts = used
    .filter(([, cpuSeconds]) => cpuSeconds >= 0.005)
    .map(([label, cpuSeconds]) => `${label} ${cpuSeconds.toFixed(2)} s`);
  return `${((100 * total) / (IDLE_WINDOW_MS / 1000)).toFixed(1)}% of a core over ${IDLE_WINDOW_MS / 1000} s (${parts.join(", ") || "none"})`;
}
