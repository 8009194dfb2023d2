import { randomUUID } from "node:crypto";
import { buildInstanceSpec, createEvent, type DataOf, type DomainEvent } from "@bbws/contracts";
import { decideRouting } from "../domain/decideRouting.ts";
import { evolveRouting } from "../domain/evolveRouting.ts";
import {
  type FailureDetails,
  INITIAL_ROUTING_STATE,
  type RoutingAnswer,
  type RoutingEffect,
  type RoutingState,
} from "../domain/routingState.ts";

export const INSTANCE = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
} as const;
export const SPEC = buildInstanceSpec(INSTANCE, {
  wordpress: { version: "6.4", image: "wordpress:6.4" },
  baseDomain: "sites.example.com",
});
export const SLOT = { loadBalancerArn: "arn:alb/1", listenerArn: "arn:listener/1", priority: 7 };
export const ADDRESS = { hostname: SPEC.hostname, url: `https://${SPEC.hostname}/` };

type Request = "InstanceRequested" | "ReleaseRequested" | "SuspendRequested" | "ResumeRequested";

/** A ledger request about the scenario's instance; `at` is when the ledger sent it. */
export function request<N extends Request>(name: N, data: DataOf<N>, at = "2026-11-22T10:00:00.000Z") {
  const operationId = (data as { operationId: string }).operationId;
  const meta = {
    eventId: randomUUID(),
    occurredAt: at,
    correlationId: operationId,
    causationId: null,
    ...INSTANCE,
  };
  return createEvent({ name, data, meta }) as DomainEvent;
}

export const provision = (operationId = randomUUID()) =>
  request("InstanceRequested", { operationId, spec: SPEC });
export const release = (operationId = randomUUID(), service: "routing" | "compute" = "routing") =>
  request("ReleaseRequested", { operationId, service, reason: "deprovision", archive: false });
export const suspend = (at: string, operationId = randomUUID(), operation?: "restore") =>
  request("SuspendRequested", { operationId, ...(operation ? { operation } : {}) }, at);
export const resume = (at: string, operationId = randomUUID(), operation?: "restore") =>
  request("ResumeRequested", { operationId, ...(operation ? { operation } : {}) }, at);

/** What the port answers for each effect in these scenarios. */
export function cloudValue(effect: RoutingEffect): unknown {
  switch (effect.kind) {
    case "claimSlot":
      return SLOT;
    case "ensureTargetGroup":
      return "tg-arn";
    case "ensureRule":
      return "rule-arn";
    case "ensureAddress":
      return ADDRESS;
    case "deleteAddress":
      return ["dns"];
    case "deleteRule":
      return ["rule-arn"];
    case "freeSlot":
      return [];
    case "deleteTargetGroup":
      return ["tg-arn"];
    default:
      return undefined;
  }
}

export interface Handled {
  readonly effects: RoutingEffect[];
  readonly answers: RoutingAnswer[];
  readonly ignored?: string;
  readonly state: RoutingState;
}

/**
 * Decides and evolves until the request is answered, as the executor does (without its inbox):
 * each effect succeeds with `cloudValue`, or fails with `failures[effect.kind]`.
 */
export function handle(
  state: RoutingState,
  event: DomainEvent,
  failures: Partial<Record<RoutingEffect["kind"], FailureDetails>> = {},
): Handled {
  const effects: RoutingEffect[] = [];
  const request = event.detail.meta.eventId;
  for (let current = state; ; ) {
    const verdict = decideRouting(current, event);
    if (verdict.kind === "notMine") return { effects, answers: [], ignored: "notMine", state: current };
    if (verdict.kind === "ignore") return { effects, answers: [], ignored: verdict.reason, state: current };
    if (!verdict.run) return { effects, answers: [...(verdict.emit ?? [])], state: current };
    const effect = verdict.run;
    effects.push(effect);
    const failure = failures[effect.kind];
    current = evolveRouting(
      current,
      failure
        ? { kind: "failed", effect, failure, request }
        : { kind: "succeeded", effect, value: cloudValue(effect), request },
    );
  }
}

/** The state after these requests were handled one after the other. */
export function given(...events: DomainEvent[]): RoutingState {
  return events.reduce((state, event) => handle(state, event).state, INITIAL_ROUTING_STATE);
}
