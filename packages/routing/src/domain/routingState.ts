import type { AnswerOf, DomainEvent, FailureDetails, StepFactOf, VerdictOf } from "@bbws/contracts";
import { z } from "zod";

/** Where a tenant's listener rule lives: an ALB of the pool, its listener and a priority. */
export const RuleSlotSchema = z.object({
  loadBalancerArn: z.string(),
  listenerArn: z.string(),
  priority: z.number().int(),
});
export type RuleSlot = z.infer<typeof RuleSlotSchema>;

/** The name visitors use and the URL it serves: the last step of a route. */
export const RouteAddressSchema = z.object({ hostname: z.string(), url: z.string() });
export type RouteAddress = z.infer<typeof RouteAddressSchema>;

export const RELEASE_STEPS = ["deleteAddress", "deleteRule", "freeSlot", "deleteTargetGroup"] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

export type LifecycleRequest = "SuspendRequested" | "ResumeRequested";

/** The lifecycle request a maintenance switch answers; its time orders it among the others. */
export interface StepRef {
  readonly operationId: string;
  readonly request: LifecycleRequest;
  readonly occurredAt: string;
}

/** One cloud call (or one idempotent adapter step that adopts what exists) of the routing port. */
export type RoutingEffect =
  | { readonly kind: "claimSlot" }
  | { readonly kind: "ensureTargetGroup" }
  | {
      readonly kind: "ensureRule";
      readonly slot: RuleSlot;
      readonly hostname: string;
      readonly targetGroupRef: string;
    }
  | { readonly kind: "ensureAddress"; readonly slot: RuleSlot; readonly hostname: string }
  | { readonly kind: ReleaseStep }
  | { readonly kind: "serveMaintenance"; readonly step: StepRef }
  | { readonly kind: "forward"; readonly step: StepRef };

export type { FailureDetails };

/** Routing's memory of one instance. */
export interface RoutingState {
  /** What exists of the route, in the order it is built. */
  readonly route: {
    readonly slot?: RuleSlot;
    readonly targetGroupRef?: string;
    readonly ruleRef?: string;
    readonly address?: RouteAddress;
  };
  readonly traffic: "forwarding" | "maintenance";
  /** The last lifecycle request answered: an older one is stale and changes nothing. */
  readonly lastStep?: StepRef & { readonly eventId: string; readonly ok: boolean };
  /** The release in progress: which steps the request (event id) has done, what they released. */
  readonly releasing?: {
    readonly request: string;
    readonly done: readonly ReleaseStep[];
    readonly released: readonly string[];
  };
  /** Set by a finished release: every later request but a release is acknowledged with no effect. */
  readonly closed?: { readonly request: string; readonly released: readonly string[] };
  /** Failures that answered a request, by its event id. */
  readonly failures: Readonly<Record<string, FailureDetails>>;
}

export const INITIAL_ROUTING_STATE: RoutingState = { route: {}, traffic: "forwarding", failures: {} };

/** Routing's answers, and the executor's verdict and fact shapes (contracts' decider.ts) for its effects. */
export type RoutingAnswer = AnswerOf;
export type RoutingVerdict = VerdictOf<RoutingEffect, RoutingAnswer>;
export type RoutingFact = StepFactOf<RoutingEffect>;

export type RoutingRequest = DomainEvent;
