import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { PENDING_WAITS } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { RolloutPendingError } from "../../domain/errors.ts";
import { deployment, ecsTestBed, inputsOf, instance, service, TD_ARN } from "./ecsTestKit.ts";

const bed = ecsTestBed((clients) => {
  clients.ecsMock.on(UpdateServiceCommand).resolves({ service: service() });
});

const target = { cluster: "bbws-dev", service: "wp-acme-dev" };
const updates = () => inputsOf(bed.clients, UpdateServiceCommand);
const rollout = () =>
  bed.provider.awaitRollout(instance, { revisionRef: TD_ARN(2) }).catch((error: unknown) => error);
const describing = (...deployments: ReturnType<typeof deployment>[]) =>
  bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ deployments })] });

describe("the ECS count steps", () => {
  it("suspends with a count of 0 without a launch token, and resumes taking one per task", async () => {
    await bed.provider.setDesiredCount(instance, { desiredCount: 0, currentCount: 2 });
    expect(bed.limiter.taken).toBe(0);
    await bed.provider.setDesiredCount(instance, { desiredCount: 2, currentCount: 0 });
    expect(updates()).toEqual([
      { ...target, desiredCount: 0 },
      { ...target, desiredCount: 2 },
    ]);
    expect(bed.limiter.taken).toBe(2);
  });

  it("scales taking a token per added task only", async () => {
    await bed.provider.setDesiredCount(instance, { desiredCount: 5, currentCount: 2 });
    await bed.provider.setDesiredCount(instance, { desiredCount: 3, currentCount: 5 });
    expect(bed.limiter.taken).toBe(3);
  });

  it("refuses a count outside 0-10 before calling AWS", async () => {
    for (const desiredCount of [-1, 11, 2.5])
      await expect(
        bed.provider.setDesiredCount(instance, { desiredCount, currentCount: 1 }),
      ).rejects.toMatchObject({ code: "COMPUTE.INVALID_REQUEST", retryable: false });
    expect(bed.clients.ecsMock.calls()).toHaveLength(0);
  });

  it("restarts with forceNewDeployment, a token per replaced task", async () => {
    await bed.provider.restartService(instance, { desiredCount: 2 });
    expect(updates()).toEqual([{ ...target, forceNewDeployment: true }]);
    expect(bed.limiter.taken).toBe(2);
  });
});

describe("the ECS rollout steps", () => {
  it("hands the service the revision and count, a token per task", async () => {
    await bed.provider.deployRevision(instance, { revisionRef: TD_ARN(2), desiredCount: 3 });
    expect(updates()).toEqual([{ ...target, taskDefinition: TD_ARN(2), desiredCount: 3 }]);
    expect(bed.limiter.taken).toBe(3);
  });

  it("waits while the rollout runs, and resolves once it completed", async () => {
    describing(
      deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS", runningCount: 0 }),
      deployment({ status: "ACTIVE" }),
    );
    expect(await rollout()).toMatchObject({ code: "COMPUTE.DEPLOYMENT_IN_PROGRESS", retryable: true });
    describing(deployment({ taskDefinition: TD_ARN(2) }));
    expect(await rollout()).toBeUndefined();
    expect(inputsOf(bed.clients, DescribeServicesCommand).at(-1)).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
      include: ["TAGS"],
    });
  });

  it("asks to be looked at again in 15 s while tasks start or old ones drain, in 3 s once ECS is seconds from COMPLETED", async () => {
    const { far, near } = PENDING_WAITS.rollout.retryAfterSeconds;
    describing(
      deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS", runningCount: 0 }),
      deployment({ status: "ACTIVE" }),
    );
    expect(await rollout()).toBeInstanceOf(RolloutPendingError);
    expect(await rollout()).toMatchObject({ retryAfterSeconds: far });
    describing(
      deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS" }),
      deployment({ status: "ACTIVE", runningCount: 1 }),
    );
    expect(await rollout()).toMatchObject({ retryAfterSeconds: far });
    describing(deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS", runningCount: 0 }));
    expect(await rollout()).toMatchObject({ retryAfterSeconds: far });
    describing(deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS" }));
    expect(await rollout()).toMatchObject({
      code: "COMPUTE.DEPLOYMENT_IN_PROGRESS",
      retryAfterSeconds: near,
    });
    expect([far, near]).toEqual([15, 3]);
  });

  it("reports a rollout the circuit breaker rolled back as COMPUTE.DEPLOYMENT_FAILED, with its reason", async () => {
    describing(
      deployment({ rolloutState: "IN_PROGRESS" }),
      deployment({
        status: "ACTIVE",
        taskDefinition: TD_ARN(2),
        rolloutState: "FAILED",
        rolloutStateReason: "tasks failed to start",
      }),
    );
    const failed = await rollout();
    expect(failed).toMatchObject({ code: "COMPUTE.DEPLOYMENT_FAILED", retryable: false });
    expect((failed as Error).message).toContain("tasks failed to start");
  });

  it("sees a rollback that already finished (the revision gone from the deployments) as a failure too", async () => {
    describing(deployment());
    expect(await rollout()).toMatchObject({ code: "COMPUTE.DEPLOYMENT_FAILED", retryable: false });
    bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [] });
    expect(await rollout()).toMatchObject({ code: "COMPUTE.SERVICE_NOT_FOUND", retryable: false });
  });
});
