import { RegisterTaskDefinitionCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { beforeEach, describe, expect, it } from "vitest";
import { computeRecordKey } from "./computeRecord.ts";
import { instance, provisioned, SERVICE_ARN, TD_ARN } from "./ecsTestKit.ts";

let env: Awaited<ReturnType<typeof provisioned>>;
beforeEach(async () => {
  env = await provisioned(2);
});

const updates = () =>
  env.clients.ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input);
const attributes = async () => (await env.deps.records.get(computeRecordKey(instance)))?.attributes;
const outputs = (revision: number, desiredCount: number) => ({
  serviceRef: SERVICE_ARN,
  taskDefinitionRef: TD_ARN(revision),
  desiredCount,
});
const target = { cluster: "bbws-dev", service: "wp-acme-dev" };

describe("suspend and resume on ECS", () => {
  it("scales to 0 reporting the count it ran with, and resume restores the count it is given", async () => {
    expect(await env.provider.suspend(instance)).toEqual(outputs(1, 2));
    expect(await env.provider.suspend(instance)).toEqual(outputs(1, 2));
    expect(env.limiter.taken).toBe(0);

    expect(await env.provider.resume(instance, { desiredCount: 2 })).toEqual(outputs(1, 2));
    expect(await env.provider.resume(instance, { desiredCount: 2 })).toEqual(outputs(1, 2));
    expect(updates()).toEqual([
      { ...target, desiredCount: 0 },
      { ...target, desiredCount: 0 },
      { ...target, desiredCount: 2 },
      { ...target, desiredCount: 2 },
    ]);
    expect(env.limiter.taken).toBe(4);
    expect(await attributes()).toMatchObject({ desiredCount: "2" });
    expect(await attributes()).not.toHaveProperty("resumeCount");
  });

  it("resumes with the domain's count and records it when it differs", async () => {
    expect(await env.provider.resume(instance, { desiredCount: 3 })).toEqual(outputs(1, 3));
    expect(updates()).toEqual([{ ...target, desiredCount: 3 }]);
    expect(await attributes()).toMatchObject({ desiredCount: "3" });
  });

  it("remembers a scaled count, not the provisioned one", async () => {
    await env.provider.scale(instance, { desiredCount: 4 });
    expect((await env.provider.suspend(instance)).desiredCount).toBe(4);
    expect((await env.provider.resume(instance, { desiredCount: 4 })).desiredCount).toBe(4);
    expect(updates().at(-1)).toEqual({ ...target, desiredCount: 4 });
  });

  it("refuses an instance it never ran, without calling AWS", async () => {
    const stranger = { ...instance, instanceId: "00000000-0000-4000-8000-000000000000" };
    await expect(env.provider.suspend(stranger)).rejects.toMatchObject({
      code: "COMPUTE.NOT_PROVISIONED",
      retryable: false,
    });
    expect(env.clients.ecsMock.calls()).toHaveLength(0);
  });
});

describe("scale on ECS", () => {
  it("changes only the count without a size: one UpdateService, a token per added task", async () => {
    expect(await env.provider.scale(instance, { desiredCount: 5 })).toEqual(outputs(1, 5));
    expect(updates()).toEqual([{ ...target, desiredCount: 5 }]);
    expect(env.clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toEqual([]);
    expect(env.limiter.taken).toBe(3);
    expect(await attributes()).toMatchObject({ desiredCount: "5" });
  });

  it("refuses a count outside 1-10 before calling AWS", async () => {
    for (const desiredCount of [0, 11, 2.5])
      await expect(env.provider.scale(instance, { desiredCount })).rejects.toMatchObject({
        code: "COMPUTE.INVALID_REQUEST",
        retryable: false,
      });
    expect(env.clients.ecsMock.calls()).toHaveLength(0);
  });
});

describe("restart on ECS", () => {
  it("restarts with forceNewDeployment, a token per replaced task", async () => {
    expect(await env.provider.restart(instance)).toEqual(outputs(1, 2));
    expect(updates()).toEqual([{ ...target, forceNewDeployment: true }]);
    expect(env.limiter.taken).toBe(2);
  });
});
