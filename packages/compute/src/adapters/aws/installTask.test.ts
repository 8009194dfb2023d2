import { DescribeTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { PENDING_WAITS } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import { awsError, ecsTestBed, INSTALL_TASK_ARN, inputsOf, instance, TD_ARN, tags } from "./ecsTestKit.ts";
import { WORDPRESS_INSTALL_PHP, WORDPRESS_INSTALL_SHELL } from "./wordpressInstallScript.ts";

const bed = ecsTestBed();

const attempt = (n: number) => ({
  revisionRef: TD_ARN(1),
  attempt: n,
  siteUrl: "https://acme.sites.bbws.example.com/",
});
const runInputs = () => inputsOf(bed.clients, RunTaskCommand);
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
const installError = () =>
  bed.provider.awaitInstall(instance, { taskRef: INSTALL_TASK_ARN }).catch((caught: unknown) => caught);

describe("the WordPress install task on ECS", () => {
  it("runs the tenant's revision with exactly this input, a launch token, and answers the task", async () => {
    expect(await bed.provider.startInstall(instance, attempt(1))).toBe(INSTALL_TASK_ARN);
    expect(bed.limiter.taken).toBe(1);
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

  it("is installed once the task stopped with exit 0", async () => {
    expect(await bed.provider.awaitInstall(instance, { taskRef: INSTALL_TASK_ARN })).toBe("installed");
    expect(inputsOf(bed.clients, DescribeTasksCommand)).toEqual([
      { cluster: "bbws-dev", tasks: [INSTALL_TASK_ARN] },
    ]);
  });

  it("keeps health pending while the task runs, without looking at the service", async () => {
    bed.clients.ecsMock
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN, lastStatus: "RUNNING" }] });
    const error = await installError();
    expect(error).toBeInstanceOf(HealthPendingError);
    expect((error as Error).message).toContain("installing WordPress");
  });

  it("looks again rarely while the task starts, often once it runs", async () => {
    const lookAfter = async (lastStatus: string) => {
      bed.clients.ecsMock
        .on(DescribeTasksCommand)
        .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN, lastStatus }] });
      const error = await installError();
      expect(error).toBeInstanceOf(HealthPendingError);
      return (error as HealthPendingError).retryAfterSeconds;
    };
    const { far, near } = PENDING_WAITS.installTask.retryAfterSeconds;
    expect(await lookAfter("PROVISIONING")).toBe(far);
    expect(await lookAfter("PENDING")).toBe(far);
    expect(await lookAfter("RUNNING")).toBe(near);
    expect(await lookAfter("STOPPING")).toBe(near);
  });

  it("reports a non-zero exit as COMPUTE.INSTALL_FAILED, not retryable, with the reason", async () => {
    bed.clients.ecsMock
      .on(DescribeTasksCommand)
      .resolves(stopped(1, { stoppedReason: "Essential container in task exited" }));
    const error = await installError();
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).not.toBeInstanceOf(HealthPendingError);
    expect(error).toMatchObject({ code: "COMPUTE.INSTALL_FAILED", retryable: false });
    expect((error as Error).message).toContain("exit 1: Essential container in task exited");
  });

  it("repeats a RunTask that failed with the same clientToken, and calls a task ECS forgot gone", async () => {
    bed.clients.ecsMock
      .on(RunTaskCommand)
      .rejectsOnce(awsError("ServerException", "boom", "server", 500))
      .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN }] });
    await expect(bed.provider.startInstall(instance, attempt(1))).rejects.toMatchObject({ retryable: true });
    await bed.provider.startInstall(instance, attempt(1));
    bed.clients.ecsMock.on(DescribeTasksCommand).resolves({ tasks: [], failures: [{ reason: "MISSING" }] });
    expect(await bed.provider.awaitInstall(instance, { taskRef: INSTALL_TASK_ARN })).toBe("gone");
    await bed.provider.startInstall(instance, attempt(2));
    expect(runInputs().map((input) => input.clientToken)).toEqual([
      `${instance.instanceId}-install-1`,
      `${instance.instanceId}-install-1`,
      `${instance.instanceId}-install-2`,
    ]);
  });

  it("reports a task ECS could not place as COMPUTE.INSTALL_NOT_STARTED, retryable", async () => {
    bed.clients.ecsMock.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: "RESOURCE:ENI" }] });
    await expect(bed.provider.startInstall(instance, attempt(1))).rejects.toMatchObject({
      code: "COMPUTE.INSTALL_NOT_STARTED",
      retryable: true,
    });
  });
});
