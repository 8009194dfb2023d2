import {
  DescribeTasksCommand,
  RunTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from "@aws-sdk/client-ecs";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import type { ComputeState } from "./computeRecord.ts";
import { acquireLaunches, CONTAINER_NAME } from "./ecsComputeConfig.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { saveState } from "./ecsService.ts";
import { ecsTags } from "./taskDefinitionInput.ts";
import { WORDPRESS_INSTALL_PHP, WORDPRESS_INSTALL_SHELL } from "./wordpressInstallScript.ts";

export const INSTALL_STARTED_BY = "bbws-install";

/** ≤ 64 characters (a UUID + "-install-" + the attempt): a retry of the same attempt is the same task. */
export const installClientToken = (instance: InstanceRef, attempt: number) =>
  `${instance.instanceId}-install-${attempt}`;

/** The tenant's own revision, on the service's network, with the command replaced by the install. */
export function runInstallInput(
  rt: EcsRuntime,
  instance: InstanceRef,
  state: ComputeState,
): RunTaskCommandInput {
  const { config } = rt;
  return {
    cluster: config.cluster,
    taskDefinition: state.taskDefinitionArn,
    count: 1,
    launchType: "FARGATE",
    platformVersion: config.platformVersion ?? "1.4.0",
    startedBy: INSTALL_STARTED_BY,
    clientToken: installClientToken(instance, state.installAttempt ?? 1),
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
            { name: "BBWS_INSTALL_EMAIL", value: `wordpress@${new URL(state.request.routing.url).hostname}` },
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
 * Starts the install task once per instance: the attempt is recorded before RunTask (its
 * clientToken makes a retry after a crash the same task) and the task ARN after it, so a
 * redelivery finds the task instead of starting another.
 */
export async function startInstall(rt: EcsRuntime, instance: InstanceRef, state: ComputeState) {
  if (state.installed || state.installTaskArn) return state;
  let next: ComputeState = { ...state, installAttempt: state.installAttempt ?? 1 };
  await saveState(rt, instance, next, Boolean(state.serviceArn));
  await acquireLaunches(rt.deps.limiter, 1);
  const { tasks, failures } = await rt.deps.ecs.send(new RunTaskCommand(runInstallInput(rt, instance, next)));
  const taskArn = tasks?.[0]?.taskArn;
  if (!taskArn)
    throw new ComputeError(
      "COMPUTE.INSTALL_NOT_STARTED",
      `RunTask started no install task: ${failures?.map((f) => `${f.arn ?? ""} ${f.reason ?? ""}`.trim()).join("; ") || "no reason given"}`,
      { retryable: true },
    );
  next = { ...next, installTaskArn: taskArn };
  await saveState(rt, instance, next, Boolean(state.serviceArn));
  return next;
}

/**
 * Health waits for the install: STOPPED with exit 0 = installed (recorded, never asked again);
 * still running = pending; any other exit will not heal by waiting. A task ECS no longer
 * knows (stopped tasks are forgotten after about an hour) is run again: wp_install is a no-op
 * on an installed site.
 */
export async function awaitInstall(rt: EcsRuntime, instance: InstanceRef, known: ComputeState) {
  const state = await startInstall(rt, instance, known);
  if (state.installed || !state.installTaskArn) return state;
  const task = await describeTask(rt, state.installTaskArn);
  if (!task) {
    const { installTaskArn: gone, ...rest } = state;
    await startInstall(rt, instance, { ...rest, installAttempt: (state.installAttempt ?? 1) + 1 });
    throw new HealthPendingError(`install task ${gone} is gone; started it again`);
  }
  if (task.lastStatus !== "STOPPED")
    throw new HealthPendingError(
      `installing WordPress (task ${state.installTaskArn} ${task.lastStatus ?? "PENDING"})`,
    );
  const container = task.containers?.find((candidate) => candidate.name === CONTAINER_NAME);
  if (container?.exitCode !== 0)
    throw new ComputeError(
      "COMPUTE.INSTALL_FAILED",
      `WordPress install task ${state.installTaskArn} stopped with exit ${container?.exitCode ?? "none"}: ${[task.stoppedReason, container?.reason].filter(Boolean).join("; ") || "no reason given"}`,
      { retryable: false },
    );
  const installed = { ...state, installed: true };
  await saveState(rt, instance, installed, Boolean(state.serviceArn));
  return installed;
}

async function describeTask(rt: EcsRuntime, taskArn: string): Promise<Task | null> {
  const { tasks } = await rt.deps.ecs.send(
    new DescribeTasksCommand({ cluster: rt.config.cluster, tasks: [taskArn] }),
  );
  return tasks?.[0] ?? null;
}
