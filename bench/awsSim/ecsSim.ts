import { AWS_FIGURES as F, fargateStartToHealthyMs } from "./awsFigures.ts";
import { describeTask, type Task } from "./fargateTask.ts";
import type { FargateDraws, FargateLaunch } from "./ownFloor.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";

interface SimService {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly clientToken: string;
  readonly tags: unknown;
  readonly targetGroupArn: string;
  readonly tasks: Task[];
}

const READS = new Set(["DescribeServices", "DescribeTasks"]);

/** A target's state as DescribeTargetHealth answers it. */
export type TargetState = "initial" | "healthy";

/**
 * ECS on Fargate: task definitions, install tasks (RunTask) and services. Every task launch takes a
 * token of the Fargate launch bucket (burst 100, 20/s; ThrottlingException when empty); a service
 * task is healthy 60–90 s after launch (seeded), RUNNING one ALB health check interval before; an
 * install task is RUNNING 60–90 s after launch and exits 0 15 s later. ECS API calls draw
 * from read and write buckets. Each launch's start-to-healthy is recorded by task family (the
 * tenant's `wp-{tenantId}-{env}`), for the report's per-tenant floor.
 */
export function ecsApi(random: () => number) {
  const services = new Map<string, SimService>();
  const tasks = new Map<string, Task>();
  const revisions = new Map<string, number>();
  /** Task definition ARN → its family. */
  const families = new Map<string, string>();
  const draws = new Map<string, { install: FargateLaunch[]; service: FargateLaunch[] }>();
  let seq = 0;
  const launches = createTokenBucket({
    ratePerSecond: F.fargateLaunchRate.value,
    burst: F.fargateLaunchRate.burst,
  });
  const reads = createTokenBucket({
    ratePerSecond: F.ecsReadsPerSecond.value,
    burst: F.ecsReadsPerSecond.burst,
  });
  const writes = createTokenBucket({
    ratePerSecond: F.ecsWritesPerSecond.value,
    burst: F.ecsWritesPerSecond.burst,
  });
  /** Launches `count` tasks at once or none: Fargate refuses the call when the bucket cannot cover it. */
  function launch(count: number, install: boolean, taskDefinition: string): Task[] {
    for (let index = 0; index < count; index += 1)
      if (!launches.tryTake())
        throw awsError("ThrottlingException", "Rate exceeded (Fargate task launch rate)");
    return Array.from({ length: count }, () => {
      seq += 1;
      const launchedAt = Date.now();
      const startToHealthy = fargateStartToHealthyMs(random());
      const family = families.get(taskDefinition) ?? taskDefinition;
      const drawn = draws.get(family) ?? { install: [], service: [] };
      (install ? drawn.install : drawn.service).push({ launchedAt, startToHealthyMs: startToHealthy });
      draws.set(family, drawn);
      const healthyAt = launchedAt + startToHealthy;
      const runningAt = install ? healthyAt : healthyAt - F.albFirstCheckS.value * 1000;
      const task: Task = {
        taskArn: `arn:aws:ecs:eu-west-1:111122223333:task/sim/${seq}`,
        launchedAt,
        pullStartedAt: Math.min(launchedAt + F.fargateProvisioningS.value * 1000, runningAt),
        runningAt,
        healthyAt,
        ...(install ? { stopsAt: healthyAt + F.wordpressInstallS.value * 1000 } : {}),
      };
      tasks.set(task.taskArn, task);
      return task;
    });
  }
  /** Tasks count as running once RUNNING; ECS completes the rollout once the ALB finds them healthy. */
  function describeService(service: SimService) {
    const running = service.tasks.filter((task) => task.runningAt <= Date.now()).length;
    const healthy = service.tasks.filter((task) => task.healthyAt <= Date.now()).length;
    const done = healthy >= service.desiredCount;
    return {
      serviceArn: service.serviceArn,
      serviceName: service.serviceName,
      status: "ACTIVE",
      taskDefinition: service.taskDefinition,
      desiredCount: service.desiredCount,
      runningCount: running,
      pendingCount: service.desiredCount - running,
      tags: service.tags,
      deployments: [
        {
          status: "PRIMARY",
          taskDefinition: service.taskDefinition,
          desiredCount: service.desiredCount,
          runningCount: running,
          pendingCount: service.desiredCount - running,
          rolloutState: done ? "COMPLETED" : "IN_PROGRESS",
        },
      ],
    };
  }
  const api: SimulatedApi = {
    service: "ECS",
    latencyMs: () => F.ecsLatencyMs.value,
    bucketOf: (action) =>
      READS.has(action) ? { api: "ECS reads", bucket: reads } : { api: "ECS writes", bucket: writes },
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      RegisterTaskDefinition({ family, taskRoleArn }) {
        const revision = (revisions.get(family) ?? 0) + 1;
        revisions.set(family, revision);
        const taskDefinitionArn = `arn:aws:ecs:eu-west-1:111122223333:task-definition/${family}:${revision}`;
        families.set(taskDefinitionArn, family);
        return { taskDefinition: { taskDefinitionArn, taskRoleArn } };
      },
      RunTask({ clientToken, taskDefinition }) {
        const known = tasks.get(`token:${clientToken}`);
        if (known) return { tasks: [{ taskArn: known.taskArn }], failures: [] };
        const [task] = launch(1, true, taskDefinition);
        if (task) tasks.set(`token:${clientToken}`, task);
        return { tasks: [{ taskArn: task?.taskArn, lastStatus: "PROVISIONING" }], failures: [] };
      },
      DescribeTasks({ tasks: arns }) {
        const found = (arns as string[]).flatMap((arn) => {
          const task = tasks.get(arn);
          return task ? [describeTask(task, Date.now())] : [];
        });
        return { tasks: found, failures: [] };
      },
      CreateService(input) {
        const existing = services.get(input.serviceName);
        if (existing) {
          if (existing.clientToken === input.clientToken && existing.taskDefinition === input.taskDefinition)
            return { service: describeService(existing) };
          throw awsError("InvalidParameterException", "Creation of service was not idempotent.");
        }
        const service: SimService = {
          serviceArn: `arn:aws:ecs:eu-west-1:111122223333:service/${input.cluster}/${input.serviceName}`,
          serviceName: input.serviceName,
          taskDefinition: input.taskDefinition,
          desiredCount: input.desiredCount ?? 1,
          clientToken: input.clientToken ?? "",
          tags: input.tags,
          targetGroupArn: input.loadBalancers?.[0]?.targetGroupArn ?? "",
          tasks: launch(input.desiredCount ?? 1, false, input.taskDefinition),
        };
        services.set(service.serviceName, service);
        return { service: describeService(service) };
      },
      DescribeServices({ services: names }) {
        const found = (names as string[]).flatMap((name) => {
          const service = services.get(name);
          return service ? [describeService(service)] : [];
        });
        return { services: found, failures: found.length ? [] : [{ reason: "MISSING" }] };
      },
    },
  };
  /** The ALB's view of a target group: a target per RUNNING task of the service behind it, 'initial' until healthy. */
  const targetStates = (targetGroupArn: string): TargetState[] =>
    [...services.values()]
      .filter((service) => service.targetGroupArn === targetGroupArn)
      .flatMap((service) => service.tasks.filter((task) => task.runningAt <= Date.now()))
      .map((task) => (task.healthyAt <= Date.now() ? "healthy" : "initial"));
  /** WordPress at the tenant's URL: 200 once its service has a healthy task and the install ran. */
  const serving = (serviceName: string) => {
    const service = services.get(serviceName);
    return !!service && service.tasks.some((task) => task.healthyAt <= Date.now());
  };
  /** A task family's start-to-healthy draws, in launch order. */
  const drawsOf = (family: string): FargateDraws | undefined => draws.get(family);
  return { api, services, targetStates, serving, drawsOf };
}
