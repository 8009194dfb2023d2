import { randomUUID } from "node:crypto";
import { createEvent, type HealthCheckPart, summarizeHealth } from "@bbws/contracts";
import { runHealthProbes } from "@bbws/mesh";
import { ApiError } from "../domain/errors.ts";
import { instancePath, subResourceLinks } from "../domain/links.ts";
import type { InstanceView, Links } from "../domain/viewSchemas.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";
import { notConfigured } from "./notConfigured.ts";
import { requireInstance } from "./readInstance.ts";

/** Each part's budget: the parts run at once, so the check stays inside the API's 500 ms. */
export const DEFAULT_PART_TIMEOUT_MS = 400;
const REASON_MAX = 2000;

/** GET .../health: the health the ledger keeps beside the lifecycle state (no probe runs). */
export async function getHealth(
  deps: UseCaseDeps,
  instanceId: string,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  return { status: 200, body: healthBody(view, tenantScope, deps.health !== undefined) };
}

/**
 * POST .../health: runs the live check now (every probe at once, each under its timeout),
 * hands the observation to the ledger, which folds it into the health and emits the
 * transition, and answers the new health with each part's result and timing.
 */
export async function checkHealth(
  deps: UseCaseDeps,
  instanceId: string,
  request: { tenantScope?: string; correlationId: string },
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, request.tenantScope);
  const checks = deps.health;
  if (!checks) throw notConfigured("Live health checks", "health");
  if (view.state !== "ACTIVE")
    throw new ApiError(
      "API.INSTANCE_NOT_SERVING",
      `instance ${instanceId} is ${view.state}: only an ACTIVE instance's health is checked (resume it first if it is SUSPENDED)`,
      { extras: { instanceId } },
    );
  const target = await checks.target(instanceId);
  if (!target) throw new ApiError("API.INSTANCE_NOT_FOUND", `there is no instance ${instanceId}`);
  const started = deps.clock();
  const parts = await runHealthProbes({
    probes: checks.probes,
    target,
    partTimeoutMs: checks.partTimeoutMs ?? DEFAULT_PART_TIMEOUT_MS,
    now: deps.clock,
  });
  const ms = Math.max(0, Math.round(deps.clock() - started));
  const checkedAt = new Date(started).toISOString();
  await checks.record(observation(view, parts, { checkedAt, correlationId: request.correlationId }));
  const after = await requireInstance(deps, instanceId, request.tenantScope);
  return {
    status: 200,
    body: { ...healthBody(after, request.tenantScope, true), check: { checkedAt, ms, parts } },
  };
}

function observation(
  view: InstanceView,
  parts: HealthCheckPart[],
  at: { checkedAt: string; correlationId: string },
) {
  const summary = summarizeHealth(parts);
  return createEvent({
    name: "HealthObserved",
    producer: "api",
    meta: {
      eventId: randomUUID(),
      occurredAt: at.checkedAt,
      correlationId: at.correlationId,
      causationId: null,
      tenantId: view.tenantId,
      instanceId: view.instanceId,
      environment: view.environment,
    },
    data: {
      status: summary.status,
      observedAt: at.checkedAt,
      observer: "live-check",
      ...(summary.reason ? { reason: summary.reason.slice(0, REASON_MAX) } : {}),
      ...(summary.drift ? { drift: summary.drift } : {}),
      parts,
    },
  });
}

function healthBody(view: InstanceView, tenantScope: string | undefined, checkable: boolean) {
  const watched = view.state === "ACTIVE";
  const known = watched ? view.healthState : undefined;
  const status = (watched && view.healthStatus) || "UNKNOWN";
  const links: Links = subResourceLinks(view.instanceId, "health", tenantScope);
  if (watched && checkable)
    links.check = { href: `${instancePath(view.instanceId, tenantScope)}/health`, method: "POST" };
  return {
    instanceId: view.instanceId,
    state: view.state,
    status,
    watched,
    ...(known
      ? {
          since: known.since,
          lastCheckedAt: known.lastCheckedAt,
          observer: known.observer,
          ...(known.reason ? { reason: known.reason } : {}),
          ...(known.drift ? { drift: [...known.drift] } : {}),
        }
      : watched
        ? {}
        : { reason: `the instance is ${view.state}: health is watched only while ACTIVE` }),
    ...(view.health ? { lastReport: view.health } : {}),
    _links: links,
  };
}
