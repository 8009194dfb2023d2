import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ecsHealthEventPattern } from "@bbws/contracts";
import { matchEventPattern } from "@bbws/local-cloud";
import { silentLogger } from "@bbws/mesh";
import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryLedgerStore } from "../adapters/memory/createMemoryLedgerStore.ts";
import { answerAsServices } from "../testing/answerAsServices.ts";
import { sampleSpec } from "../testing/sampleRecords.ts";
import { createEcsEventConsumer } from "./createEcsEventConsumer.ts";
import { createLedgerService } from "./createLedgerService.ts";

/** AWS's example events (fixtures/README.md), pointed at our cluster and acme's dev service. */
const CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/bbws-dev";
const SERVICE = "arn:aws:ecs:eu-west-1:123456789012:service/bbws-dev/wp-acme-dev";
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as {
    time: string;
    resources: string[];
    detail: Record<string, unknown>;
  };

function taskStopped(overrides: Record<string, unknown> = {}) {
  const event = fixture("ecsTaskStateChange");
  // A service's task, stopped as ECS reports an essential container's exit.
  Object.assign(event.detail, {
    clusterArn: CLUSTER,
    group: "service:wp-acme-dev",
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    stoppedAt: "2020-01-23T17:58:30.000Z",
    containers: [{ name: "wordpress", exitCode: 137 }],
    ...overrides,
  });
  return event;
}

function serviceAction(name: string) {
  const event = fixture(name);
  event.resources = [SERVICE];
  event.detail.clusterArn = CLUSTER;
  return event;
}

let counts: { running: number; desired: number } | null;
async function setup() {
  const store = createMemoryLedgerStore();
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: { version: "6.4.3", image: "wordpress:6.4.3" }, baseDomain: "example.com" },
    // The fixtures' times (2019–2020) are before this clock: the ledger's activation time.
    clock: () => new Date("2019-01-01T00:00:00.000Z"),
  });
  const instanceId = randomUUID();
  await ledger.handleCommand({
    operation: "provision",
    instanceId,
    operationId: randomUUID(),
    correlationId: "c",
    requestedBy: "test",
    spec: sampleSpec({ tenantId: "acme" }),
  });
  await answerAsServices({ ledger, store }, instanceId);
  const consumer = createEcsEventConsumer({
    store,
    handleEvent: (event) => ledger.handleEvent(event),
    taskCounts: async (owner) => (owner.tenantId === "acme" ? counts : null),
    clusterArn: CLUSTER,
    logger: silentLogger,
  });
  const health = async () => (await store.get(instanceId))?.record.health;
  const types = async () => (await store.events(instanceId)).map(({ event }) => event["detail-type"]);
  return { consumer, health, types };
}

beforeEach(() => {
  counts = { running: 0, desired: 1 };
});

describe("the ECS events consumer", () => {
  it("a task of the tenant's service stopped with none running → TaskStopped, UNHEALTHY with ECS's reason", async () => {
    const { consumer, health, types } = await setup();
    expect(await consumer.handle(taskStopped())).toBe("folded");
    expect(await health()).toMatchObject({
      status: "UNHEALTHY",
      observer: "ecs-event",
      since: "2020-01-23T17:58:30.000Z",
      reason:
        "0 of 1 tasks running; arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad stopped: Essential container in task exited",
    });
    expect((await types()).slice(-2)).toEqual(["TaskStopped", "InstanceDown"]);
  });

  it("a redelivered event is absorbed (its id is derived from AWS's)", async () => {
    const { consumer, types } = await setup();
    await consumer.handle(taskStopped());
    const before = await types();
    await consumer.handle(taskStopped());
    expect(await types()).toEqual(before);
  });

  it("a stop ECS already replaced changes nothing; a running task is not news", async () => {
    const { consumer, health } = await setup();
    counts = { running: 1, desired: 1 };
    await consumer.handle(taskStopped());
    expect(await health()).toBeUndefined();
    expect(await consumer.handle(fixture("ecsTaskStateChange"))).toBe("ignored");
  });

  it("service actions: START_IMPAIRED and PLACEMENT_FAILURE degrade, STEADY_STATE recovers", async () => {
    const { consumer, health, types } = await setup();
    await consumer.handle(serviceAction("ecsServiceTaskPlacementFailure"));
    expect(await health()).toMatchObject({
      status: "DEGRADED",
      reason: "ECS SERVICE_TASK_PLACEMENT_FAILURE: the service cannot place a task (RESOURCE:FARGATE)",
    });
    await consumer.handle(serviceAction("ecsServiceTaskStartImpaired"));
    expect((await health())?.reason).toBe(
      "ECS SERVICE_TASK_START_IMPAIRED: the service cannot start tasks consistently",
    );
    const steady = serviceAction("ecsServiceSteadyState");
    // AWS's example is older than the others: as it is, it is stale and changes nothing.
    expect(await consumer.handle(steady)).toBe("folded");
    expect((await health())?.status).toBe("DEGRADED");
    steady.time = "2019-11-19T20:10:00Z";
    await consumer.handle({ ...steady, id: "a later steady state" });
    expect(await health()).toMatchObject({ status: "HEALTHY", observer: "ecs-event" });
    expect((await types()).filter((type) => type.startsWith("Instance")).slice(-2)).toEqual([
      "InstanceDegraded",
      "InstanceRecovered",
    ]);
  });

  it("ignores another cluster, a service that is not a tenant's, and a tenant with no live instance", async () => {
    const { consumer } = await setup();
    expect(await consumer.handle(fixture("ecsServiceSteadyState"))).toBe("ignored");
    expect(await consumer.handle(taskStopped({ group: "service:api" }))).toBe("ignored");
    expect(await consumer.handle(taskStopped({ group: "service:wp-beta-dev" }))).toBe("ignored");
    expect(await consumer.handle({ source: "aws.ecs", "detail-type": "ECS Task State Change" })).toBe(
      "ignored",
    );
  });
});

describe("the rule's pattern (contracts' ecsHealthEventPattern, through the local matcher)", () => {
  const pattern = ecsHealthEventPattern(CLUSTER);

  it("matches our tenant services' task changes and service actions", () => {
    expect(matchEventPattern(pattern, taskStopped())).toBe(true);
    expect(matchEventPattern(pattern, serviceAction("ecsServiceTaskStartImpaired"))).toBe(true);
  });

  it("leaves out another cluster, standalone tasks and services that are not a tenant's", () => {
    expect(matchEventPattern(pattern, fixture("ecsServiceSteadyState"))).toBe(false);
    expect(matchEventPattern(pattern, taskStopped({ group: "family:install" }))).toBe(false);
    const other = serviceAction("ecsServiceSteadyState");
    other.resources = ["arn:aws:ecs:eu-west-1:123456789012:service/bbws-dev/api"];
    expect(matchEventPattern(pattern, other)).toBe(false);
  });
});
