import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { beforeEach, describe, expect, it } from "vitest";
import { computeRecordKey } from "./computeRecord.ts";
import { deployment, instance, provisioned, SERVICE_ARN, service, TD_ARN } from "./ecsTestKit.ts";

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
const registered = () =>
  env.clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand).map((call) => call.args[0].input);

describe("scale with a size change on ECS", () => {
  it("registers a revision for a size change and reports once the rollout completed", async () => {
    env.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(2) } });
    env.clients.ecsMock.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [
          deployment({
            taskDefinition: TD_ARN(2),
            rolloutState: "IN_PROGRESS",
            runningCount: 0,
            desiredCount: 3,
          }),
          deployment({ status: "ACTIVE", runningCount: 2, desiredCount: 2 }),
        ],
      }),
    });
    await expect(env.provider.scale(instance, { desiredCount: 3, size: "large" })).rejects.toMatchObject({
      code: "COMPUTE.DEPLOYMENT_IN_PROGRESS",
      retryable: true,
    });
    expect(registered()).toHaveLength(1);
    expect(registered()[0]).toMatchObject({ family: "wp-acme-dev", cpu: "1024", memory: "2048" });
    expect(updates()).toEqual([{ ...target, taskDefinition: TD_ARN(2), desiredCount: 3 }]);
    expect(env.limiter.taken).toBe(3);

    // The redelivery finds the revision recorded and already handed over: it only looks.
    env.clients.ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        service({
          deployments: [deployment({ taskDefinition: TD_ARN(2), desiredCount: 3, runningCount: 3 })],
        }),
      ],
    });
    expect(await env.provider.scale(instance, { desiredCount: 3, size: "large" })).toEqual(outputs(2, 3));
    expect(registered()).toHaveLength(1);
    expect(updates()).toHaveLength(1);
  });

  it("keeps the revision when the size is the one it already has", async () => {
    env.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    expect(await env.provider.scale(instance, { desiredCount: 3, size: "small" })).toEqual(outputs(1, 3));
    expect(registered()).toEqual([]);
    expect(updates()).toEqual([{ ...target, taskDefinition: TD_ARN(1), desiredCount: 3 }]);
    expect(env.limiter.taken).toBe(1);
  });
});

describe("updateImage on ECS", () => {
  const image = { version: "6.5.2", image: "wordpress:6.5.2-php8.3-apache" };

  it("rolls out a new revision with the image", async () => {
    env.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(2) } });
    env.clients.ecsMock.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [deployment({ taskDefinition: TD_ARN(2), desiredCount: 2, runningCount: 2 })],
      }),
    });
    expect(await env.provider.updateImage(instance, image)).toEqual(outputs(2, 2));
    expect(registered()[0]?.containerDefinitions?.[0]?.image).toBe("wordpress:6.5.2-php8.3-apache");
    expect(updates()).toEqual([{ ...target, taskDefinition: TD_ARN(2), desiredCount: 2 }]);
    expect(env.limiter.taken).toBe(2);
  });

  it("reports a rolled-back rollout as COMPUTE.DEPLOYMENT_FAILED and follows the service back", async () => {
    env.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(2) } });
    env.clients.ecsMock.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [
          deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS" }),
          deployment({ status: "ACTIVE" }),
        ],
      }),
    });
    await expect(env.provider.updateImage(instance, image)).rejects.toMatchObject({
      code: "COMPUTE.DEPLOYMENT_IN_PROGRESS",
    });
    env.clients.ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        service({
          deployments: [
            deployment({ rolloutState: "IN_PROGRESS" }),
            deployment({
              status: "ACTIVE",
              taskDefinition: TD_ARN(2),
              rolloutState: "FAILED",
              rolloutStateReason: "tasks failed to start",
            }),
          ],
        }),
      ],
    });
    const failed = await env.provider.updateImage(instance, image).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: "COMPUTE.DEPLOYMENT_FAILED", retryable: false });
    expect((failed as Error).message).toContain("tasks failed to start");
    expect(await attributes()).toMatchObject({
      taskDefinitionArn: TD_ARN(1),
      deployedTaskDefinitionArn: TD_ARN(1),
    });
    expect(updates()).toHaveLength(1);

    // What comes next builds on the revision that runs, not on the image that failed.
    env.clients.ecsMock.resetHistory();
    await env.provider.scale(instance, { desiredCount: 3 });
    expect(updates()).toEqual([{ ...target, desiredCount: 3 }]);
    env.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(3) } });
    env.clients.ecsMock
      .on(UpdateServiceCommand)
      .resolves({ service: service({ deployments: [deployment({ taskDefinition: TD_ARN(3) })] }) });
    await env.provider.scale(instance, { desiredCount: 3, size: "medium" });
    expect(registered()[0]?.containerDefinitions?.[0]?.image).toBe("wordpress:6.4.3-php8.2-apache");
  });

  it("sees a rollback that already finished (the failed deployment gone) as a failure too", async () => {
    env.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(2) } });
    env.clients.ecsMock.on(UpdateServiceCommand).resolves({
      service: service({
        deployments: [
          deployment({ taskDefinition: TD_ARN(2), rolloutState: "IN_PROGRESS" }),
          deployment({ status: "ACTIVE" }),
        ],
      }),
    });
    await expect(env.provider.updateImage(instance, image)).rejects.toMatchObject({
      code: "COMPUTE.DEPLOYMENT_IN_PROGRESS",
    });
    env.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    await expect(env.provider.updateImage(instance, image)).rejects.toMatchObject({
      code: "COMPUTE.DEPLOYMENT_FAILED",
      retryable: false,
    });
    expect(updates()).toHaveLength(1);
  });
});
