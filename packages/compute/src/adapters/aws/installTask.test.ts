import { DescribeServicesCommand, DescribeTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { beforeEach, describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import type { ComputeProvider } from "../../ports.ts";
import { computeRecordKey } from "./computeRecord.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import type { EcsComputeDeps } from "./ecsComputeConfig.ts";
import {
  awsError,
  INSTALL_TASK_ARN,
  instance,
  type MockedClients,
  mockedClients,
  sampleRequest,
  service,
  stubProvisioning,
  TD_ARN,
  tags,
  testDeps,
} from "./ecsTestKit.ts";
import { WORDPRESS_INSTALL_PHP, WORDPRESS_INSTALL_SHELL } from "./wordpressInstallScript.ts";

let clients: MockedClients;
let deps: EcsComputeDeps;
let provider: ComputeProvider;

beforeEach(() => {
  clients = mockedClients();
  stubProvisioning(clients);
  clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
  clients.elbMock.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [{ Target: { Id: "10.0.1.10", Port: 80 }, TargetHealth: { State: "healthy" } }],
  });
  deps = testDeps(clients);
  provider = createEcsComputeProvider(deps);
});

const runInputs = () => clients.ecsMock.commandCalls(RunTaskCommand).map((call) => call.args[0].input);
const stopped = (exitCode: number | undefined, extra = {}) => ({
  tasks: [
    {
      taskArn: INSTALL_TASK_ARN,
      lastStatus: "STOPPED",
      containers: [{ name: "wordpress", exitCode }],
      ...extra,
    },
  ],
});
const healthError = () => provider.checkHealth(instance).catch((caught: unknown) => caught);

describe("the WordPress install task on ECS", () => {
  it("runs the tenant's revision once, before CreateService, with exactly this input", async () => {
    await provider.ensureCompute(instance, sampleRequest());
    expect(runInputs()).toEqual([
      {
        cluster: "bbws-dev",
        taskDefinition: TD_ARN(1),
        count: 1,
        launchType: "FARGATE",
        platformVersion: "1.4.0",
        startedBy: "bbws-install",
        clientToken: `${instance.instanceId}-install-1`,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ["subnet-private-a", "subnet-private-b"],
            securityGroups: ["sg-wordpress"],
            assignPublicIp: "DISABLED",
          },
        },
        overrides: {
          containerOverrides: [
            {
              name: "wordpress",
              command: ["bash", "-c", WORDPRESS_INSTALL_SHELL],
              environment: [
                { name: "BBWS_INSTALL_PHP", value: WORDPRESS_INSTALL_PHP },
                { name: "BBWS_INSTALL_TITLE", value: "acme" },
                { name: "BBWS_INSTALL_EMAIL", value: "wordpress@acme.sites.bbws.example.com" },
              ],
            },
          ],
        },
        propagateTags: "TASK_DEFINITION",
        enableECSManagedTags: true,
        tags,
      },
    ]);
    const order = clients.ecsMock.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf("RunTaskCommand")).toBeLessThan(order.indexOf("CreateServiceCommand"));
    expect((await deps.records.get(computeRecordKey(instance)))?.attributes).toMatchObject({
      installAttempt: "1",
      installTaskArn: INSTALL_TASK_ARN,
    });
  });

  it("prepares core like the image's entrypoint and installs idempotently without mail or HTTP", () => {
    expect(WORDPRESS_INSTALL_SHELL).toContain(
      "tar -C /usr/src/wordpress -cf - . | tar -xf - --skip-old-files",
    );
    expect(WORDPRESS_INSTALL_SHELL).toContain("cp /usr/src/wordpress/wp-config-docker.php wp-config.php");
    expect(WORDPRESS_INSTALL_PHP).not.toContain("<?php");
    for (const part of [
      "is_blog_installed()",
      "function wp_new_blog_notification",
      "pre_http_request",
      "wp_install(",
    ])
      expect(WORDPRESS_INSTALL_PHP).toContain(part);
  });

  it("runs once across redeliveries and health polls, and health proceeds once it stopped with exit 0", async () => {
    await provider.ensureCompute(instance, sampleRequest());
    await provider.ensureCompute(instance, sampleRequest());
    expect(await provider.checkHealth(instance)).toEqual({
      url: "https://acme.sites.bbws.example.com/",
      httpStatus: 200,
    });
    expect(await provider.checkHealth(instance)).toMatchObject({ httpStatus: 200 });
    expect(runInputs()).toHaveLength(1);
    // Recorded as installed after the first look: not described again.
    expect(clients.ecsMock.commandCalls(DescribeTasksCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", tasks: [INSTALL_TASK_ARN] },
    ]);
  });

  it("keeps health pending while the task runs, without looking at the service", async () => {
    await provider.ensureCompute(instance, sampleRequest());
    clients.ecsMock
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN, lastStatus: "RUNNING" }] });
    const error = await healthError();
    expect(error).toBeInstanceOf(HealthPendingError);
    expect((error as Error).message).toContain("installing WordPress");
    expect(clients.ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  it("reports a non-zero exit as COMPUTE.INSTALL_FAILED, not retryable, with the reason", async () => {
    await provider.ensureCompute(instance, sampleRequest());
    clients.ecsMock
      .on(DescribeTasksCommand)
      .resolves(stopped(1, { stoppedReason: "Essential container in task exited" }));
    const error = await healthError();
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).not.toBeInstanceOf(HealthPendingError);
    expect(error).toMatchObject({ code: "COMPUTE.INSTALL_FAILED", retryable: false });
    expect((error as Error).message).toContain("exit 1: Essential container in task exited");
  });

  it("repeats a RunTask that failed with the same clientToken, and reruns a task ECS forgot", async () => {
    clients.ecsMock
      .on(RunTaskCommand)
      .rejectsOnce(awsError("ServerException", "boom", "server", 500))
      .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN }] });
    deps = testDeps(clients);
    provider = createEcsComputeProvider(deps);
    await expect(provider.ensureCompute(instance, sampleRequest())).rejects.toMatchObject({
      retryable: true,
    });
    await provider.ensureCompute(instance, sampleRequest());
    clients.ecsMock
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [], failures: [{ reason: "MISSING" }] })
      .resolves(stopped(0));
    expect(await healthError()).toBeInstanceOf(HealthPendingError);
    expect(runInputs().map((input) => input.clientToken)).toEqual([
      `${instance.instanceId}-install-1`,
      `${instance.instanceId}-install-1`,
      `${instance.instanceId}-install-2`,
    ]);
    expect(await provider.checkHealth(instance)).toMatchObject({ httpStatus: 200 });
  });
});
