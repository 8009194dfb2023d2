import { DescribeTasksCommand, RunTaskCommand, type RunTaskCommandInput } from "@aws-sdk/client-ecs";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import { acquireLaunches, CONTAINER_NAME } from "./ecsComputeConfig.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { installLookSeconds } from "./lookSpacing.ts";
import { roleStillPropagating } from "./roleReadiness.ts";
import { ecsTags } from "./taskDefinitionInput.ts";
import { WORDPRESS_INSTALL_PHP, WORDPRESS_INSTALL_SHELL } from "./wordpressInstallScript.ts";

export const INSTALL_STARTED_BY = "bbws-install";

/** ≤ 64 characters (a UUID + "-install-" + the attempt): a retry of the same attempt is the same task. */
export const installClientToken = (instance: InstanceRef, attempt: number) =>
  `${instance.instanceId}-install-${attempt}`;

export interface InstallWanted {
  readonly revisionRef: string;
  readonly attempt: number;
  readonly siteUrl: string;
}

/** The tenant's own revision, on the service's network, with the command replaced by the install. */
export function runInstallInput(
  rt: EcsRuntime,
  instance: InstanceRef,
  wanted: InstallWanted,
): RunTaskCommandInput {
  const { config } = rt;
  return {
    cluster: config.cluster,
    taskDefinition: wanted.revisionRef,
    count: 1,
    launchType: "FARGATE",
    platformVersion: config.platformVersion ?? "1.4.0",
    startedBy: INSTALL_STARTED_BY,
    clientToken: installClientToken(instance, wanted.attempt),
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...config.subnets],
        securityGroups: [...config.securityGroups],
        assignPublicIp: "DISABLED",
      },
    },
    overrides: {
      containerOverrides: [
        {
          name: CONTAINER_NAME,
          command: ["bash", "-c", WORDPRESS_INSTALL_SHELL],
          environment: [
            { name: "BBWS_INSTALL_PHP", value: WORDPRESS_INSTALL_PHP },
            { name: "BBWS_INSTALL_TITLE", value: instance.tenantId },
            { name: "BBWS_INSTALL_EMAIL", value: `wordpress@${new URL(wanted.siteUrl).hostname}` },
          ],
        },
      ],
    },
    propagateTags: "TASK_DEFINITION",
    enableECSManagedTags: true,
    tags: ecsTags(instance),
  };
}

/**
 * Starts attempt n of the install task. Its clientToken is `{instanceId}-install-{n}`, so a retry
 * after a crash between the call and the journal write gets the same task, not another.
 */
export async function startEcsInstall(rt: EcsRuntime, instance: InstanceRef, wanted: InstallWanted) {
  await acquireLaunches(rt.deps.limiter, 1);
  const { tasks, failures } = await rt.deps.ecs.send(
    new RunTaskCommand(runInstallInput(rt, instance, wanted)),
  );
  const taskArn = tasks?.[0]?.taskArn;
  if (!taskArn)
    throw new ComputeError(
      "COMPUTE.INSTALL_NOT_STARTED",
      `RunTask started no install task: ${failures?.map((f) => `${f.arn ?? ""} ${f.reason ?? ""}`.trim()).join("; ") || "no reason given"}`,
      { retryable: true },
    );
  return taskArn;
}

/**
 * A task stopped before its container ran because its role could not fetch the secrets yet
 * (ECS: "ResourceInitializationError: unable to pull secrets or registry auth"): while the role
 * is young that is IAM's propagation, and the next attempt (a new task) may pass.
 */
const NOT_STARTED_FOR_ROLE = /ResourceInitializationError|unable to (pull|retrieve) secrets|assume the role/i;

/**
 * STOPPED with exit 0 = installed; not stopped yet = pending, looked at again rarely while the
 * task starts and often once it runs (installLookSeconds); any other exit will not heal by
 * waiting. A task ECS no longer knows (stopped tasks are forgotten after about an hour) is
 * "gone": the decider runs the next attempt, and wp_install is a no-op on an installed site.
 */
export async function awaitEcsInstall(
  rt: EcsRuntime,
  instance: InstanceRef,
  taskRef: string,
): Promise<"installed" | "gone"> {
  const { tasks } = await rt.deps.ecs.send(
    new DescribeTasksCommand({ cluster: rt.config.cluster, tasks: [taskRef] }),
  );
  const task = tasks?.[0];
  if (!task) return "gone";
  if (task.lastStatus !== "STOPPED")
    throw new HealthPendingError(
      `installing WordPress (task ${taskRef} ${task.lastStatus ?? "PENDING"})`,
      installLookSeconds(task.lastStatus),
    );
  const container = task.containers?.find((candidate) => candidate.name === CONTAINER_NAME);
  const neverRan = container?.exitCode === undefined && NOT_STARTED_FOR_ROLE.test(task.stoppedReason ?? "");
  if (neverRan && (await roleStillPropagating(rt, instance))) return "gone";
  if (container?.exitCode !== 0)
    throw new ComputeError(
      "COMPUTE.INSTALL_FAILED",
      `WordPress install task ${taskRef} stopped with exit ${container?.exitCode ?? "none"}: ${[task.stoppedReason, container?.reason].filter(Boolean).join("; ") || "no reason given"}`,
      { retryable: false },
    );
  return "installed";
}
