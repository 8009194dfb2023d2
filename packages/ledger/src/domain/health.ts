import {
  currentHealthStatus,
  type DataOf,
  HEALTH_ALARM_AFTER_MS,
  type HealthStatus,
  type InstanceHealth,
} from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import type { InstanceRecord } from "./instance.ts";
import type { Step } from "./release.ts";

type Observation = DataOf<"HealthObserved">;

/**
 * Folds what a health observer saw into the instance's health (beside its lifecycle state)
 * and emits the transition. Only an ACTIVE instance is watched: a SUSPENDED one serves a
 * maintenance page by design, one being provisioned or deprovisioned is the saga's business.
 * An observation older than the last one folded is stale (events arrive unordered).
 */
export function onHealthObserved(record: InstanceRecord, observation: Observation): Step {
  if (record.state !== "ACTIVE") return { record, emits: [] };
  const before = record.health;
  if (before && Date.parse(observation.observedAt) < Date.parse(before.lastCheckedAt))
    return { record, emits: [] };
  const previous = currentHealthStatus(record);
  const changed = observation.status !== previous;
  const health: InstanceHealth = {
    status: observation.status,
    since: changed || !before ? observation.observedAt : before.since,
    lastCheckedAt: observation.observedAt,
    observer: observation.observer,
    ...(observation.reason ? { reason: observation.reason } : {}),
    ...(observation.drift?.length ? { drift: observation.drift } : {}),
    ...(!changed && before?.alarmedAt ? { alarmedAt: before.alarmedAt } : {}),
  };
  if (changed) {
    const transition = transitionOf(previous, health);
    return { record: { ...record, health }, emits: transition ? [transition] : [] };
  }
  return stillDown({ ...record, health });
}

/** UNHEALTHY for longer than HEALTH_ALARM_AFTER_MS: InstanceStillDown, once per spell. */
function stillDown(record: InstanceRecord & { health: InstanceHealth }): Step {
  const { health } = record;
  const downForMs = Date.parse(health.lastCheckedAt) - Date.parse(health.since);
  if (health.status !== "UNHEALTHY" || health.alarmedAt || downForMs < HEALTH_ALARM_AFTER_MS)
    return { record, emits: [] };
  const alarmed = { ...record, health: { ...health, alarmedAt: health.lastCheckedAt } };
  const data = {
    since: health.since,
    downForMinutes: Math.floor(downForMs / 60_000),
    ...(health.reason ? { reason: health.reason } : {}),
    ...(health.drift ? { drift: health.drift } : {}),
  };
  return { record: alarmed, emits: [emit("InstanceStillDown", data)] };
}

/**
 * A task stopped (ECS, or the local supervisor): fewer running than desired is DEGRADED, none
 * UNHEALTHY, with the stop's reason. One that ECS already replaced changes nothing.
 */
export function onTaskStopped(record: InstanceRecord, stopped: DataOf<"TaskStopped">): Step {
  if (stopped.runningCount >= stopped.desiredCount) return { record, emits: [] };
  return onHealthObserved(record, {
    status: stopped.runningCount === 0 ? "UNHEALTHY" : "DEGRADED",
    observedAt: stopped.stoppedAt,
    observer: stopped.observer,
    reason:
      `${stopped.runningCount} of ${stopped.desiredCount} tasks running; ${stopped.taskId} stopped: ${stopped.stoppedReason}`.slice(
        0,
        2000,
      ),
  });
}

function transitionOf(previous: HealthStatus, health: InstanceHealth): Emit | null {
  const data = {
    previous,
    since: health.since,
    ...(health.reason ? { reason: health.reason } : {}),
    ...(health.drift ? { drift: health.drift } : {}),
  };
  switch (health.status) {
    case "DEGRADED":
      return emit("InstanceDegraded", data);
    case "UNHEALTHY":
      return emit("InstanceDown", data);
    case "HEALTHY":
      return previous === "DEGRADED" || previous === "UNHEALTHY" ? emit("InstanceRecovered", data) : null;
    case "UNKNOWN":
      return null;
    default: {
      const unexpected: never = health.status;
      throw new Error(`unknown health status ${String(unexpected)}`);
    }
  }
}
