/**
 * One Fargate task's lifecycle (ms): PROVISIONING from launch, PENDING from `pullStartedAt` (the
 * image pull), RUNNING from `runningAt`, STOPPED from `stopsAt` (install tasks: the container
 * exits 0). A service task's target is registered when it runs ('initial') and healthy from
 * `healthyAt`, the drawn 60–90 s; an install task runs from its draw (no target).
 */
export interface Task {
  readonly taskArn: string;
  readonly launchedAt: number;
  readonly pullStartedAt: number;
  readonly runningAt: number;
  readonly healthyAt: number;
  readonly stopsAt?: number;
}

/** DescribeTasks' lastStatus at `now`. DEACTIVATING/STOPPING are not modelled: STOPPED at the exit. */
function lastStatusOf(task: Task, now: number): string {
  if (task.stopsAt !== undefined && task.stopsAt <= now) return "STOPPED";
  if (task.runningAt <= now) return "RUNNING";
  return task.pullStartedAt <= now ? "PENDING" : "PROVISIONING";
}

/** A task as DescribeTasks answers it: status, the lifecycle's timestamps so far, the container. */
export function describeTask(task: Task, now: number) {
  const at = (ms: number) => (ms <= now ? new Date(ms) : undefined);
  const stopped = task.stopsAt !== undefined && task.stopsAt <= now;
  return {
    taskArn: task.taskArn,
    lastStatus: lastStatusOf(task, now),
    desiredStatus: stopped ? "STOPPED" : "RUNNING",
    createdAt: new Date(task.launchedAt),
    pullStartedAt: at(task.pullStartedAt),
    pullStoppedAt: at(task.runningAt),
    startedAt: at(task.runningAt),
    ...(stopped ? { stoppedAt: at(task.stopsAt ?? now), stopCode: "EssentialContainerExited" } : {}),
    containers: [{ name: "wordpress", ...(stopped ? { exitCode: 0 } : {}) }],
  };
}
