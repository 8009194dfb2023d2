import { randomUUID } from "node:crypto";
import type { InstanceState, LifecycleOperation, OperationStatus, Service } from "@bbws/contracts";
import { afterAll, describe, expect, it } from "vitest";
import type { Fault, FaultAction } from "../runtime/inMemoryCloud.ts";
import { checkAgreement } from "./support/lifecycleAgreement.ts";
import { seeded } from "./support/seeded.ts";
import {
  checkQuietInvariant,
  createSimulatedMesh,
  type DeliveryFaults,
  type SimulatedMesh,
} from "./support/simulatedMesh.ts";

/**
 * Every lifecycle operation × every step it asks of a service × each way that step can go
 * wrong (the faults of saga.faultMatrix.test.ts, and a change applied then refused): the operation ends as COMPENSATION_RULES say,
 * and compute and routing agree with each other and with the ledger. A failed undo is flagged
 * and its repair converges. The matrix is printed.
 */
const TENANTS = ["alpha", "bravo"];
const NEW_IMAGE = { version: "6.5.0", image: "wordpress:6.5.0-php8.2-apache" };

type FaultName =
  | "transient error"
  | "permanent error"
  | "failure after the effect"
  | "timeout after the effect"
  | "crash before the event"
  | "duplicate delivery"
  | "reordered delivery";
const FAULTS: readonly FaultName[] = [
  "transient error",
  "permanent error",
  "failure after the effect",
  "timeout after the effect",
  "crash before the event",
  "duplicate delivery",
  "reordered delivery",
];

interface Step {
  readonly op: LifecycleOperation;
  readonly service: Service;
  readonly action: FaultAction;
  /** The state a permanent failure of this step leaves, once compensated. */
  readonly compensated: InstanceState;
  /** The code the operation fails with when the step's own compensation answers for it. */
  readonly failsWith?: string;
}
const STEPS: readonly Step[] = [
  { op: "suspend", service: "compute", action: "suspend", compensated: "ACTIVE" },
  { op: "suspend", service: "routing", action: "suspend", compensated: "ACTIVE" },
  { op: "resume", service: "compute", action: "resume", compensated: "SUSPENDED" },
  { op: "resume", service: "routing", action: "resume", compensated: "SUSPENDED" },
  { op: "scale", service: "compute", action: "scale", compensated: "ACTIVE" },
  { op: "updateImage", service: "compute", action: "updateImage", compensated: "ACTIVE" },
  { op: "restart", service: "compute", action: "restart", compensated: "ACTIVE" },
  { op: "backup", service: "storage", action: "backup", compensated: "ACTIVE" },
  // A rotation's switch (storage puts the old credentials back itself), its restart (storage rolls
  // the rotation back) and its revoke (the site already runs on the new credentials).
  { op: "rotateCredentials", service: "storage", action: "rotate", compensated: "ACTIVE" },
  { op: "rotateCredentials", service: "compute", action: "restart", compensated: "ACTIVE" },
  { op: "rotateCredentials", service: "storage", action: "revoke", compensated: "ACTIVE" },
  // a restore of a live instance: suspend, restore, resume; a failed resume is undone by suspending
  { op: "restore", service: "compute", action: "suspend", compensated: "ACTIVE" },
  { op: "restore", service: "routing", action: "suspend", compensated: "ACTIVE" },
  // a failed swap puts the safety backup back: the operation says so, whatever broke the swap
  {
    op: "restore",
    service: "storage",
    action: "restore",
    compensated: "ACTIVE",
    failsWith: "STORAGE.RESTORE_FAILED",
  },
  { op: "restore", service: "compute", action: "resume", compensated: "SUSPENDED" },
  { op: "restore", service: "routing", action: "resume", compensated: "SUSPENDED" },
];
const ON_SUCCESS: Record<LifecycleOperation, InstanceState> = {
  suspend: "SUSPENDED",
  resume: "ACTIVE",
  scale: "ACTIVE",
  updateImage: "ACTIVE",
  restart: "ACTIVE",
  backup: "ACTIVE",
  restore: "ACTIVE",
  rotateCredentials: "ACTIVE",
};

interface Row {
  readonly name: string;
  readonly op: LifecycleOperation;
  readonly faults: readonly Fault[];
  readonly delivery?: DeliveryFaults;
  readonly reorder?: boolean;
  readonly status: OperationStatus;
  readonly state: InstanceState;
  /** The code the operation fails with. */
  readonly code?: string;
}

function row(step: Step, fault: FaultName): Row {
  const { op, service, action } = step;
  const base = { name: `${op} × ${service} ${action} × ${fault}`, op, faults: [] as Fault[] };
  const success = { ...base, status: "COMPLETED" as const, state: ON_SUCCESS[op] };
  switch (fault) {
    case "transient error":
      return { ...success, faults: [{ service, action, kind: "transient", times: 2 }] };
    case "permanent error":
      return {
        ...base,
        faults: [{ service, action, kind: "permanent", times: 1 }],
        status: "FAILED",
        state: step.compensated,
        code: step.failsWith ?? `${service.toUpperCase()}.QUOTA_EXHAUSTED`,
      };
    case "failure after the effect":
      return {
        ...base,
        faults: [{ service, action, kind: "permanentAfterEffect", times: 1 }],
        status: "FAILED",
        state: step.compensated,
        code: step.failsWith ?? `${service.toUpperCase()}.PARTIALLY_APPLIED`,
      };
    case "timeout after the effect":
      return { ...success, faults: [{ service, action, kind: "timeoutAfterEffect", times: 1 }] };
    case "crash before the event":
      return {
        ...success,
        delivery: { crashBeforeEvent: { service, detailType: "OperationStepCompleted", times: 2 } },
      };
    case "duplicate delivery":
      return { ...success, delivery: { duplicateRate: 1, duplicateFrom: service } };
    case "reordered delivery":
      return { ...success, delivery: { reorder: true }, reorder: true };
    default: {
      const unreachable: never = fault;
      throw new Error(String(unreachable));
    }
  }
}

const OPS = Object.keys(ON_SUCCESS) as LifecycleOperation[];
const rows: Row[] = [
  ...STEPS.flatMap((step) => FAULTS.map((fault) => row(step, fault))),
  ...OPS.flatMap((op): Row[] => [
    {
      name: `${op} × ledger relay × crash before the event`,
      op,
      faults: [],
      delivery: { relayCrashes: 3 },
      status: "COMPLETED",
      state: ON_SUCCESS[op],
    },
    {
      name: `${op} × ledger relay × duplicate delivery`,
      op,
      faults: [],
      delivery: { duplicateRate: 1, duplicateFrom: "ledger" },
      status: "COMPLETED",
      state: ON_SUCCESS[op],
    },
  ]),
];

const fails = (service: Service, action: FaultAction, times = 1, after = 0): Fault => ({
  service,
  action,
  kind: "permanent",
  times,
  after,
});
/** A step fails and so does its undo: the state recorded and the repair an operator runs. */
const UNDO_FAILS: readonly {
  name: string;
  op: LifecycleOperation;
  faults: readonly Fault[];
  state: InstanceState;
  repair: LifecycleOperation;
}[] = [
  {
    name: "routing cannot suspend, compute cannot resume",
    op: "suspend",
    faults: [fails("routing", "suspend"), fails("compute", "resume")],
    state: "SUSPENDED",
    repair: "resume",
  },
  {
    name: "compute cannot resume, routing cannot suspend again",
    op: "resume",
    faults: [fails("compute", "resume"), fails("routing", "suspend", 1, 1)],
    state: "SUSPENDED",
    repair: "resume",
  },
  {
    name: "compute cannot scale either way",
    op: "scale",
    faults: [fails("compute", "scale", 2)],
    state: "ACTIVE",
    repair: "scale",
  },
  {
    name: "compute cannot roll out either image",
    op: "updateImage",
    faults: [fails("compute", "updateImage", 2)],
    state: "ACTIVE",
    repair: "updateImage",
  },
  {
    name: "routing cannot resume, compute cannot suspend again",
    op: "restore",
    faults: [fails("routing", "resume"), fails("compute", "suspend", 1, 1)],
    state: "SUSPENDED",
    repair: "resume",
  },
];

/** The command's parameters; a restore restores the backup `setUp` took. */
function paramsOf(op: LifecycleOperation, backupId: string): Record<string, unknown> {
  if (op === "scale") return { desiredCount: 3, size: "large" };
  if (op === "updateImage") return { wordpress: NEW_IMAGE };
  if (op === "backup") return { backupId: randomUUID() };
  if (op === "restore") return { backupId };
  return {};
}

/** ACTIVE instances (SUSPENDED for a resume; with a backup for a restore). */
async function setUp(simulation: SimulatedMesh, op: LifecycleOperation) {
  const instances: { instanceId: string; backupId: string }[] = [];
  for (const tenantId of TENANTS)
    instances.push({ instanceId: await simulation.provision(tenantId), backupId: randomUUID() });
  await simulation.runUntilQuiet();
  for (const { instanceId, backupId } of instances) {
    if (op === "resume") await simulation.command(instanceId, "suspend");
    if (op === "restore") await simulation.command(instanceId, "backup", { backupId });
  }
  await simulation.runUntilQuiet();
  return instances;
}

/** Runs `op` on every instance; resolves to the operations as the ledger ended them. */
async function runOperation(
  simulation: SimulatedMesh,
  op: LifecycleOperation,
  instances: Awaited<ReturnType<typeof setUp>>,
) {
  const operationIds: string[] = [];
  for (const { instanceId, backupId } of instances)
    operationIds.push(await simulation.command(instanceId, op, paramsOf(op, backupId)));
  await simulation.runUntilQuiet();
  return Promise.all(operationIds.map((id) => simulation.mesh.ledgerStore.getOperation(id)));
}

const results: string[] = [];

describe("lifecycle fault matrix", () => {
  it.each(rows.map((r) => [`${r.name} → ${r.status} ${r.state}`, r] as const))("%s", async (_name, r) => {
    const simulation = createSimulatedMesh({
      faults: r.faults,
      ...(r.reorder ? { parallelism: 3, random: seeded(7) } : {}),
    });
    const instances = await setUp(simulation, r.op);
    if (r.delivery) simulation.inject(r.delivery);
    const operations = await runOperation(simulation, r.op, instances);
    const states = (await simulation.records()).map((record) => record.state);
    const problems = [...(await checkAgreement(simulation)), ...(await checkQuietInvariant(simulation))];
    results.push(
      `| ${r.name} | ${r.status} ${r.state} | ${[...new Set(states)].join(", ")} | ${problems.join("; ") || "none"} |`,
    );
    expect(operations.map((operation) => operation?.status)).toEqual(TENANTS.map(() => r.status));
    expect(operations.map((operation) => operation?.failure?.code)).toEqual(TENANTS.map(() => r.code));
    expect(states).toEqual(TENANTS.map(() => r.state));
    expect(problems).toEqual([]);
  });

  it.each(UNDO_FAILS.map((r) => [`${r.op}: ${r.name}`, r] as const))(
    "%s → flagged INCONSISTENT, and its repair converges",
    async (_name, r) => {
      const simulation = createSimulatedMesh({ faults: r.faults });
      const instances = await setUp(simulation, r.op);
      const operations = await runOperation(simulation, r.op, instances);
      expect(operations.map((operation) => operation?.failure?.code)).toEqual(
        TENANTS.map(() => "LEDGER.INCONSISTENT"),
      );
      for (const { instanceId } of instances) {
        const logged = await simulation.mesh.ledgerStore.events(instanceId);
        const flag = logged.find((entry) => entry.event["detail-type"] === "InstanceInconsistent");
        expect(flag?.event.detail.data).toMatchObject({ state: r.state, repair: r.repair });
      }
      expect((await simulation.records()).map((record) => record.state)).toEqual(TENANTS.map(() => r.state));
      // The operator fixed the cause (the faults are spent) and runs the repair.
      const repairs = await runOperation(simulation, r.repair, instances);
      expect(repairs.map((operation) => operation?.status)).toEqual(TENANTS.map(() => "COMPLETED"));
      expect([...(await checkAgreement(simulation)), ...(await checkQuietInvariant(simulation))]).toEqual([]);
    },
  );

  afterAll(() => {
    console.log(
      [
        "",
        "| operation × step × fault | expected | end state | problems |",
        "|---|---|---|---|",
        ...results,
        "",
      ].join("\n"),
    );
  });
});
