import { AWS_FIGURES as F, FARGATE_MIDDLE_MS } from "./awsFigures.ts";

/** One Fargate task as launched: when, and its start-to-healthy draw (ms). */
export interface FargateLaunch {
  readonly launchedAt: number;
  readonly startToHealthyMs: number;
}

/** One tenant's Fargate tasks, in launch order: more than one of a kind = relaunched. */
export interface FargateDraws {
  readonly install: readonly FargateLaunch[];
  readonly service: readonly FargateLaunch[];
}

/**
 * How far a tenant's critical path is above ITS OWN floor. Compute starts the service right after
 * the install task and then waits for both, so the Fargate part of a path is the later of the
 * install's exit (its draw + the install) and the service's health (the gap between the two
 * launches + its draw). The tenant's own floor is the lone tenant's floor (both tasks at the middle
 * of their range, the floor's gap) with that part recomputed from the tenant's first two draws;
 * what is left is queueing and polling, not the tenant's luck with Fargate.
 */
export function aboveOwnFloorMs(
  pathMs: number,
  floor: { readonly pathMs: number; readonly gapMs: number },
  draws: FargateDraws,
): number {
  const [install] = draws.install;
  const [service] = draws.service;
  if (!install || !service)
    throw new Error("a tenant that became ACTIVE launched an install task and a service task");
  const fargatePart = (installMs: number, serviceMs: number) =>
    Math.max(installMs + F.wordpressInstallS.value * 1000, floor.gapMs + serviceMs);
  const ownFloorMs =
    floor.pathMs +
    fargatePart(install.startToHealthyMs, service.startToHealthyMs) -
    fargatePart(FARGATE_MIDDLE_MS, FARGATE_MIDDLE_MS);
  return pathMs - ownFloorMs;
}

/** The lone tenant's figures its floor is made of: its path and the gap between its two launches. */
export function floorOf(pathMs: number, draws: FargateDraws) {
  const [install] = draws.install;
  const [service] = draws.service;
  if (!install || !service) throw new Error("the floor's lone tenant launched no install or no service task");
  if (install.startToHealthyMs !== FARGATE_MIDDLE_MS || service.startToHealthyMs !== FARGATE_MIDDLE_MS)
    throw new Error("the floor's lone tenant did not launch both its tasks at the middle of their range");
  return { pathMs, gapMs: service.launchedAt - install.launchedAt };
}
