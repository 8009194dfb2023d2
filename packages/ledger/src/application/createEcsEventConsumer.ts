import { createHash } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type EcsEvent,
  EcsEventSchema,
  type EcsServiceAction,
  type EcsTaskStateChange,
  type Environment,
  ecsServiceNameOf,
  parseEcsServiceName,
} from "@bbws/contracts";
import type { Logger } from "@bbws/mesh";
import type { LedgerStore } from "../ports.ts";

/** Running and desired tasks of a tenant's service now (ECS DescribeServices); null when it is gone. */
export type ServiceTaskCounts = (owner: {
  tenantId: string;
  environment: Environment;
}) => Promise<{ running: number; desired: number } | null>;

export interface EcsEventConsumerDeps {
  readonly store: Pick<LedgerStore, "findLiveInstanceId">;
  /** The ledger service's event path (in the same process). */
  readonly handleEvent: (event: DomainEvent) => Promise<void>;
  readonly taskCounts: ServiceTaskCounts;
  /** Our cluster: events of any other are ignored (the rule filters them too). */
  readonly clusterArn: string;
  readonly logger: Logger;
}

export type EcsEventOutcome = "folded" | "ignored";

/**
 * The consumer of `aws.ecs` events (the default bus's rule → a queue → this): maps a task's
 * stop or a service action of a tenant's service to its live instance, and feeds the ledger
 * `TaskStopped` (with the service's counts now: the event itself does not say how many still
 * run) or a `HealthObserved`. The eventId is derived from AWS's, so a redelivery is absorbed.
 */
export function createEcsEventConsumer(deps: EcsEventConsumerDeps) {
  async function handle(raw: unknown): Promise<EcsEventOutcome> {
    const parsed = EcsEventSchema.safeParse(raw);
    if (!parsed.success) return ignore("not an ECS task state change or service action");
    const event = parsed.data;
    if (event.detail.clusterArn !== deps.clusterArn) return ignore("another cluster");
    const owner = parseEcsServiceName(ecsServiceNameOf(event) ?? "");
    if (!owner) return ignore("not a tenant's service");
    const instanceId = await deps.store.findLiveInstanceId(owner.tenantId, owner.environment);
    if (!instanceId) return ignore(`no live instance of ${owner.tenantId} in ${owner.environment}`);
    const observation =
      event["detail-type"] === "ECS Task State Change"
        ? await taskStopped(event, owner)
        : serviceHealth(event);
    if (!observation) return "ignored";
    const meta = {
      eventId: eventIdOf(raw, event),
      occurredAt: new Date(Date.parse(event.time)).toISOString(),
      correlationId: instanceId,
      causationId: null,
      tenantId: owner.tenantId,
      instanceId,
      environment: owner.environment,
    };
    await deps.handleEvent(createEvent({ ...observation, producer: "ledger", meta } as never));
    return "folded";
  }

  async function taskStopped(
    event: EcsTaskStateChange,
    owner: { tenantId: string; environment: Environment },
  ) {
    const { detail } = event;
    if (detail.lastStatus !== "STOPPED") return null;
    const counts = await deps.taskCounts(owner);
    if (!counts) return null;
    const exitCode = detail.containers?.find((container) => container.exitCode !== undefined)?.exitCode;
    const data: DataOf<"TaskStopped"> = {
      taskId: detail.taskArn,
      stoppedAt: new Date(Date.parse(detail.stoppedAt ?? event.time)).toISOString(),
      stoppedReason: (detail.stoppedReason ?? detail.stopCode ?? "stopped").slice(0, 2000),
      ...(exitCode !== undefined ? { exitCode } : {}),
      desiredCount: counts.desired,
      runningCount: counts.running,
      observer: "ecs-event",
    };
    return { name: "TaskStopped" as const, data };
  }

  function ignore(why: string): EcsEventOutcome {
    deps.logger.info("ECS event ignored", { why });
    return "ignored";
  }

  return { handle };
}

/** A service action's health: steady is HEALTHY; tasks that cannot start or be placed, DEGRADED. */
function serviceHealth(event: EcsServiceAction) {
  const { eventName, reason } = event.detail;
  const observedAt = new Date(Date.parse(event.time)).toISOString();
  const base = { observedAt, observer: "ecs-event" as const };
  const degraded = (what: string): DataOf<"HealthObserved"> => ({
    ...base,
    status: "DEGRADED",
    reason: `ECS ${eventName}: ${what}${reason ? ` (${reason})` : ""}`,
  });
  switch (eventName) {
    case "SERVICE_STEADY_STATE":
      return { name: "HealthObserved" as const, data: { ...base, status: "HEALTHY" as const } };
    case "SERVICE_TASK_START_IMPAIRED":
      return {
        name: "HealthObserved" as const,
        data: degraded("the service cannot start tasks consistently"),
      };
    case "SERVICE_TASK_PLACEMENT_FAILURE":
    case "SERVICE_TASK_CONFIGURATION_FAILURE":
      return { name: "HealthObserved" as const, data: degraded("the service cannot place a task") };
    default:
      return null;
  }
}

/** A name-based UUID (version 5 layout) of AWS's event id, so a redelivered event has the same id. */
function eventIdOf(raw: unknown, event: EcsEvent): string {
  const awsId =
    typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : JSON.stringify(event);
  const hex = createHash("sha1").update(`aws.ecs:${awsId}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
