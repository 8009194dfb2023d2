import type { ComputeOutputs } from "@bbws/contracts";
import type { ComputeFact } from "./computeDecider.ts";
import type { ComputeEffect } from "./computeEffect.ts";
import {
  type ComputeState,
  type Health,
  type Outcome,
  PROGRESS_KEPT,
  type Progress,
} from "./computeState.ts";

/** Folds what an effect did into compute's state. Pure. */
export function evolveCompute(state: ComputeState, fact: ComputeFact): ComputeState {
  const { effect } = fact;
  const next = fact.kind === "succeeded" ? applySuccess(state, effect, fact.value) : state;
  const outcome = <T>(): Outcome<T> =>
    fact.kind === "succeeded" ? { ok: true, value: fact.value as T } : { ok: false, failure: fact.failure };
  return { ...next, progress: withStep(next.progress, effect.step, progressOf(effect, outcome)) };
}

function progressOf(effect: ComputeEffect, outcome: <T>() => Outcome<T>): Progress {
  switch (effect.kind) {
    case "ensure":
      return { ensure: outcome<ComputeOutputs>() };
    case "checkHealth":
      return { health: outcome<Health>() };
    case "release":
      return { release: outcome<readonly string[]>() };
    case "suspend":
    case "resume":
    case "scale":
    case "updateImage":
    case "restart":
      return { step: outcome<ComputeOutputs>() };
    default:
      return unreachable(effect);
  }
}

function applySuccess(state: ComputeState, effect: ComputeEffect, value: unknown): ComputeState {
  switch (effect.kind) {
    case "ensure": {
      const outputs = value as ComputeOutputs;
      return { ...state, outputs, desiredCount: outputs.desiredCount, suspended: false };
    }
    case "checkHealth":
    case "restart":
    case "updateImage":
      return state;
    case "release": {
      const { outputs: _gone, desiredCount: _count, ...rest } = state;
      return { ...rest, suspended: false, closed: true };
    }
    // A suspended service reports the count it ran with: the one resume restores.
    case "suspend":
      return { ...state, suspended: true, desiredCount: countOf(value, state) };
    case "resume":
      return { ...state, suspended: false, desiredCount: countOf(value, state) };
    case "scale":
      return { ...state, desiredCount: countOf(value, state) };
    default:
      return unreachable(effect);
  }
}

const countOf = (value: unknown, state: ComputeState): number | undefined =>
  (value as Partial<ComputeOutputs> | undefined)?.desiredCount ?? state.desiredCount;

/** Adds the step's outcome, keeping the last PROGRESS_KEPT operations. */
function withStep(progress: ComputeState["progress"], step: string, added: Progress) {
  const { [step]: current, ...others } = progress;
  const kept = Object.entries(others).slice(-(PROGRESS_KEPT - 1));
  return Object.fromEntries([...kept, [step, { ...current, ...added }]]);
}

function unreachable(value: never): never {
  throw new Error(`unknown compute effect ${JSON.stringify(value)}`);
}
