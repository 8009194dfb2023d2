import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ECSClient, ListClustersCommand } from "@aws-sdk/client-ecs";
import { AWS_SDK_RETRY_SETTINGS } from "@bbws/mesh";
import { afterEach, describe, expect, it } from "vitest";
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
        ...AWS_SDK_RETRY_SETTINGS,
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
});
