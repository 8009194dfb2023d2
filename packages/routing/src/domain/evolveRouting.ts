import { z } from "zod";
import {
  RELEASE_STEPS,
  type ReleaseStep,
  RouteAddressSchema,
  type RoutingEffect,
  type RoutingFact,
  type RoutingState,
  RuleSlotSchema,
} from "./routingState.ts";

const RefSchema = z.string().min(1);
const ReleasedSchema = z.array(z.string());

/** Folds what an effect did into routing's state: the only way the state changes. */
export function evolveRouting(state: RoutingState, fact: RoutingFact): RoutingState {
  if (fact.kind === "failed") {
    const failures = { ...state.failures, [fact.request]: fact.failure };
    const { effect } = fact;
    if (effect.kind !== "serveMaintenance" && effect.kind !== "forward") return { ...state, failures };
    return { ...state, failures, lastStep: { ...effect.step, eventId: fact.request, ok: false } };
  }
  return succeeded(state, fact.effect, fact.value, fact.request);
}

function succeeded(
  state: RoutingState,
  effect: RoutingEffect,
  value: unknown,
  request: string,
): RoutingState {
  const { route } = state;
  switch (effect.kind) {
    case "claimSlot":
      return { ...state, route: { ...route, slot: RuleSlotSchema.parse(value) } };
    case "ensureTargetGroup":
      return { ...state, route: { ...route, targetGroupRef: RefSchema.parse(value) } };
    case "ensureRule":
      return { ...state, route: { ...route, ruleRef: RefSchema.parse(value) } };
    case "ensureAddress":
      return { ...state, route: { ...route, address: RouteAddressSchema.parse(value) } };
    case "deleteAddress":
    case "deleteRule":
    case "freeSlot":
    case "deleteTargetGroup":
      return released(state, effect.kind, ReleasedSchema.parse(value), request);
    case "serveMaintenance":
    case "forward":
      return {
        ...state,
        traffic: effect.kind === "forward" ? "forwarding" : "maintenance",
        lastStep: { ...effect.step, eventId: request, ok: true },
      };
    default:
      return unreachable(effect);
  }
}

function released(state: RoutingState, step: ReleaseStep, value: string[], request: string): RoutingState {
  const ongoing = state.releasing?.request === request ? state.releasing : { done: [], released: [] };
  const done = [...ongoing.done, step];
  const all = [...ongoing.released, ...value];
  if (RELEASE_STEPS.every((each) => done.includes(each))) {
    const { releasing: _finished, ...rest } = state;
    return { ...rest, route: {}, traffic: "forwarding", closed: { request, released: all } };
  }
  return { ...state, releasing: { request, done, released: all } };
}

function unreachable(effect: never): never {
  throw new Error(`unknown routing effect ${JSON.stringify(effect)}`);
}
