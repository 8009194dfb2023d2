import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import { awsSdkRetrySettings } from "@bbws/mesh";
import { afterEach, describe, expect, it } from "vitest";
import { AWS_FIGURES as F, FARGATE_MIDDLE_MS, fargateStartToHealthyMs } from "../bench/awsSim/awsFigures.ts";
import { ecsApi } from "../bench/awsSim/ecsSim.ts";
import { aboveOwnFloorMs, floorOf } from "../bench/awsSim/ownFloor.ts";
import { newSimStats, simulate } from "../bench/awsSim/simulatedApi.ts";
import { createTokenBucket } from "../bench/awsSim/tokenBucket.ts";
import { installVirtualTime, sleep, type VirtualTime } from "../bench/awsSim/virtualTime.ts";

let time: VirtualTime | undefined;
afterEach(() => time?.uninstall());

describe("the AWS simulation's own parts", () => {
  it("a token bucket admits its burst, then its rate per second", () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 20, burst: 100 }, () => now);
    const admitted = (calls: number) =>
      Array.from({ length: calls }, () => bucket.tryTake()).filter(Boolean).length;
    expect(admitted(150)).toBe(100);
    now += 1_000;
    expect(admitted(50)).toBe(20);
    now += 10_000;
    expect(admitted(500)).toBe(100);
  });

  it("virtual time runs a minute of timers at once, in order, and reports a deadlock", async () => {
    time = installVirtualTime(0);
    const seen: number[] = [];
    const work = (async () => {
      await Promise.all([
        sleep(60_000).then(() => seen.push(Date.now())),
        sleep(1_000).then(() => seen.push(Date.now())),
      ]);
      return Date.now();
    })();
    await expect(time.run(work)).resolves.toBe(60_000);
    expect(seen).toEqual([1_000, 60_000]);
    await expect(time.run(new Promise(() => {}), { realIdleMs: 50 })).rejects.toThrow(/nothing scheduled/);
  });

  it("waits for real I/O while nothing is scheduled (an SDK client reads its shared config files)", async () => {
    time = installVirtualTime(0);
    // readFile takes several turns of the real event loop (open, stat, read, close in the thread pool).
    const work = readFile(fileURLToPath(import.meta.url), "utf8").then((text) => text.length);
    await expect(time.run(work)).resolves.toBeGreaterThan(0);
  });

  it("a timer under 1 ms waits 1 ms, as Node's do (a limiter's 0.99 ms sleep must move the clock)", async () => {
    time = installVirtualTime(0);
    await time.run(sleep(0.2));
    expect(Date.now()).toBe(1);
  });

  it("a throttled call reaches the SDK's retry as AWS's throttling error, and is retried in virtual time", async () => {
    time = installVirtualTime(0);
    const stats = newSimStats();
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1 });
    const client = simulate(
      new ECSClient({
        ...awsSdkRetrySettings(),
        region: "eu-west-1",
        credentials: { accessKeyId: "a", secretAccessKey: "b" },
      }),
      {
        service: "ECS",
        latencyMs: () => 10,
        bucketOf: () => ({ api: "ECS reads", bucket }),
        throttle: { name: "ThrottlingException", status: 400 },
        handlers: { ListClusters: () => ({ clusterArns: ["x"] }) },
      },
      stats,
    );
    const both = Promise.all([
      client.send(new ListClustersCommand({})),
      client.send(new ListClustersCommand({})),
    ]);
    const answers = await time.run(both);
    expect(answers.map((answer) => answer.clusterArns)).toEqual([["x"], ["x"]]);
    expect(stats.throttles.get("ECS reads")).toBeGreaterThanOrEqual(1);
    expect(stats.admitted.get("ECS reads")).toBe(2);
    expect(Date.now()).toBeGreaterThan(0);
  });

  it("a tenant's path is measured above its own floor: the floor's Fargate part from its own first draws", () => {
    expect(FARGATE_MIDDLE_MS).toBe(75_000);
    const at = (startToHealthyMs: number) => ({ launchedAt: 0, startToHealthyMs });
    // The floor's tasks at the middle, the service launched 1 s after the install: Fargate part =
    // max(75 + 15 install, 1 + 75) = 90 s.
    const floor = floorOf(100_000, {
      install: [at(75_000)],
      service: [{ launchedAt: 1_000, startToHealthyMs: 75_000 }],
    });
    expect(floor).toEqual({ pathMs: 100_000, gapMs: 1_000 });
    // Install 70 s (exits at 85 s), service healthy at 1 + 85 = 86 s: the service is later, own floor 96 s.
    expect(aboveOwnFloorMs(120_000, floor, { install: [at(70_000)], service: [at(85_000)] })).toBe(24_000);
    // A quick service does not help while the install is later: max(80 + 15, 1 + 60) = 95 s, own floor 105 s.
    expect(aboveOwnFloorMs(120_000, floor, { install: [at(80_000)], service: [at(60_000)] })).toBe(15_000);
    // A relaunched task: the first one counts.
    expect(
      aboveOwnFloorMs(120_000, floor, { install: [at(70_000), at(90_000)], service: [at(85_000)] }),
    ).toBe(24_000);
    expect(() => aboveOwnFloorMs(100_000, floor, { install: [at(70_000)], service: [] })).toThrow(
      /service task/,
    );
    expect(() => floorOf(100_000, { install: [at(70_000)], service: [at(75_000)] })).toThrow(/middle/);
  });

  it("simulated ECS records each launch's start-to-healthy under its task family, install and service apart", () => {
    const draws = [0, 1, 0.5];
    const ecs = ecsApi(() => draws.shift() ?? Number.NaN);
    const { handlers } = ecs.api;
    const registered = handlers.RegisterTaskDefinition?.({ family: "wp-t00001-dev" }) as {
      taskDefinition: { taskDefinitionArn: string };
    };
    const taskDefinition = registered.taskDefinition.taskDefinitionArn;
    handlers.RunTask?.({ clientToken: "i-1-install-1", taskDefinition });
    handlers.RunTask?.({ clientToken: "i-1-install-1", taskDefinition }); // idempotent: no launch
    handlers.RunTask?.({ clientToken: "i-1-install-2", taskDefinition });
    handlers.CreateService?.({ serviceName: "wp-t00001-dev", taskDefinition, clientToken: "i-1" });
    const drawn = ecs.drawsOf("wp-t00001-dev");
    expect(drawn?.install.map((task) => task.startToHealthyMs)).toEqual([
      fargateStartToHealthyMs(0),
      fargateStartToHealthyMs(1),
    ]);
    expect(drawn?.service.map((task) => task.startToHealthyMs)).toEqual([FARGATE_MIDDLE_MS]);
    expect(ecs.drawsOf("wp-t00002-dev")).toBeUndefined();
  });

  it("simulated ECS walks a task through its lifecycle, and a service task's target through its first check", async () => {
    time = installVirtualTime(0);
    const clock = time;
    const ecs = ecsApi(() => 0); // both tasks at the start of their range: healthy 60 s after launch
    const { handlers } = ecs.api;
    const registered = handlers.RegisterTaskDefinition?.({ family: "wp-t00001-dev" }) as {
      taskDefinition: { taskDefinitionArn: string };
    };
    const taskDefinition = registered.taskDefinition.taskDefinitionArn;
    const run = handlers.RunTask?.({ clientToken: "i-1-install-1", taskDefinition }) as {
      tasks: { taskArn: string }[];
    };
    const taskArn = run.tasks[0]?.taskArn;
    handlers.CreateService?.({
      serviceName: "wp-t00001-dev",
      taskDefinition,
      clientToken: "i-1",
      loadBalancers: [{ targetGroupArn: "tg-1" }],
    });
    const call = (action: string, input: unknown) => {
      const handler = handlers[action];
      if (!handler) throw new Error(`simulated ECS answers no ${action}`);
      return handler(input);
    };
    const at = async (seconds: number) => {
      await clock.run(sleep(seconds * 1000 - Date.now()));
      const { tasks } = call("DescribeTasks", { tasks: [taskArn] }) as {
        tasks: Record<string, unknown>[];
      };
      const { services } = call("DescribeServices", { services: ["wp-t00001-dev"] }) as {
        services: { runningCount: number; deployments: { rolloutState: string }[] }[];
      };
      return { task: tasks[0], service: services[0], targets: ecs.targetStates("tg-1") };
    };
    const startToRunning = fargateStartToHealthyMs(0);
    const provisioning = await at(5);
    expect(provisioning.task).toMatchObject({ lastStatus: "PROVISIONING", createdAt: new Date(0) });
    expect(provisioning.task?.pullStartedAt).toBeUndefined();
    const pulling = await at(F.fargateProvisioningS.value + 1);
    expect(pulling.task).toMatchObject({
      lastStatus: "PENDING",
      pullStartedAt: new Date(F.fargateProvisioningS.value * 1000),
    });
    // The service task runs one health check interval before it is healthy: its target is 'initial'.
    const firstCheck = await at(startToRunning / 1000 - F.albFirstCheckS.value + 1);
    expect(firstCheck.targets).toEqual(["initial"]);
    expect(firstCheck.service).toMatchObject({
      runningCount: 1,
      deployments: [{ rolloutState: "IN_PROGRESS" }],
    });
    const running = await at(startToRunning / 1000 + 1);
    expect(running.task).toMatchObject({ lastStatus: "RUNNING", startedAt: new Date(startToRunning) });
    expect(running.targets).toEqual(["healthy"]);
    expect(running.service).toMatchObject({ deployments: [{ rolloutState: "COMPLETED" }] });
    const stoppedAtMs = startToRunning + F.wordpressInstallS.value * 1000;
    const stopped = await at(stoppedAtMs / 1000 + 1);
    expect(stopped.task).toMatchObject({
      lastStatus: "STOPPED",
      stoppedAt: new Date(stoppedAtMs),
      containers: [{ name: "wordpress", exitCode: 0 }],
    });
  });
});
