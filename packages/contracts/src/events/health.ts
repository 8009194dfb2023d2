import { z } from "zod";
import { defineEvent } from "../envelope.ts";
import { HealthObservationSchema, HealthStatusSchema } from "../health.ts";

export const HealthObserved = defineEvent({
  name: "HealthObserved",
  producer: ["api", "compute", "ledger"],
  description:
    "What a health observer saw: a live check (api), the local supervisor or an ECS event (compute), " +
    "the periodic sweep (ledger). The ledger folds it into the instance's health; an ACTIVE instance only.",
  data: HealthObservationSchema,
});

const TransitionSchema = z.object({
  previous: HealthStatusSchema,
  /** When the instance entered the new status. */
  since: z.iso.datetime({ offset: true }),
  reason: z.string().optional(),
  drift: z.array(z.string()).readonly().optional(),
});

export const InstanceDegraded = defineEvent({
  name: "InstanceDegraded",
  producer: "ledger",
  description:
    "The instance serves, but short of what is wanted: fewer tasks than desired, unhealthy targets, " +
    "a slow site, or a recorded resource missing (`drift`).",
  data: TransitionSchema,
});

/**
 * The "InstanceUnhealthy": that name is taken since v1 by compute's provisioning
 * failure (WordPress did not become healthy in time), so the health transition is InstanceDown.
 */
export const InstanceDown = defineEvent({
  name: "InstanceDown",
  producer: "ledger",
  description: "The instance is UNHEALTHY: nothing serves its site. `reason` says what the check saw.",
  data: TransitionSchema,
});

export const InstanceStillDown = defineEvent({
  name: "InstanceStillDown",
  producer: "ledger",
  description:
    "The instance has been UNHEALTHY for longer than HEALTH_ALARM_AFTER_MS (15 minutes) and is still ACTIVE: " +
    "operators are alerted (the deployment's alert rule). Raised once per UNHEALTHY spell.",
  data: TransitionSchema.omit({ previous: true }).extend({
    /** Whole minutes since it went UNHEALTHY, at the observation that raised it. */
    downForMinutes: z.number().int().min(0),
  }),
});

export const InstanceRecovered = defineEvent({
  name: "InstanceRecovered",
  producer: "ledger",
  description: "The instance is HEALTHY again after being DEGRADED or UNHEALTHY.",
  data: TransitionSchema,
});

/**
 * A task of the instance stopped: ECS's "ECS Task State Change" to STOPPED (mapped by the ECS
 * events consumer) or the local supervisor finding the tenant's php group gone. Both paths emit
 * this one event; the ledger reads fewer running than desired as DEGRADED, none as UNHEALTHY.
 */
export const TaskStopped = defineEvent({
  name: "TaskStopped",
  producer: ["compute", "ledger"],
  description:
    "A task of the instance stopped (ECS task state change, or the local supervisor found php gone); " +
    "`runningCount` of `desiredCount` still run.",
  data: z.object({
    /** The ECS task ARN, or `php-group:{pgid}` locally. */
    taskId: z.string().min(1),
    stoppedAt: z.iso.datetime({ offset: true }),
    /** ECS's stoppedReason, or the last line of the php log. */
    stoppedReason: z.string().max(2000),
    exitCode: z.number().int().optional(),
    desiredCount: z.number().int().min(0),
    runningCount: z.number().int().min(0),
    observer: z.enum(["supervisor", "ecs-event"]),
  }),
});
