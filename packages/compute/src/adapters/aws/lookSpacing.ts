import { type LookPhase, PENDING_WAITS } from "@bbws/contracts";

/**
 * ECS's task lifecycle (PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING →
 * DEPROVISIONING → STOPPED). Until RUNNING, Fargate is still attaching the ENI and pulling the
 * image: the install has not begun. From RUNNING on, the install runs and its exit is seconds away.
 */
const INSTALL_UNDER_WAY = new Set(["RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"]);

/** How far the install task is from its exit, from DescribeTasks' lastStatus. */
export const installPhase = (lastStatus: string | undefined): LookPhase =>
  lastStatus !== undefined && INSTALL_UNDER_WAY.has(lastStatus) ? "near" : "far";

/** Seconds to the next look at an install task in this state (PENDING_WAITS.installTask). */
export const installLookSeconds = (lastStatus: string | undefined): number =>
  PENDING_WAITS.installTask.retryAfterSeconds[installPhase(lastStatus)];

/** Seconds to the next look at the service's health in this phase (PENDING_WAITS.serviceHealth). */
export const healthLookSeconds = (phase: LookPhase): number =>
  PENDING_WAITS.serviceHealth.retryAfterSeconds[phase];

/** Seconds to the next look at a rollout in this phase (PENDING_WAITS.rollout). */
export const rolloutLookSeconds = (phase: LookPhase): number =>
  PENDING_WAITS.rollout.retryAfterSeconds[phase];
