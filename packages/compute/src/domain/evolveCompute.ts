import type { ComputeEffect, EffectValues } from "./computeEffect.ts";
import { type ComputeState, outputsOf, PROGRESS_KEPT, type Progress } from "./computeState.ts";
import type { ComputeFact } from "./computeVerdict.ts";

/** The effects that finish a lifecycle request: their success answers it with the outputs. */
const FINISHING = new Set<ComputeEffect["kind"]>(["awaitRollout", "setDesiredCount", "restartService"]);

/** The effects that remove something: what each answers is what the release reports. */
const RELEASING = new Set<ComputeEffect["kind"]>(["deleteService", "deleteRevisions", "deleteTaskRole"]);

/** Folds what an effect did into compute's state. Pure. */
export function evolveCompute(state: ComputeState, fact: ComputeFact): ComputeState {
  const { effect } = fact;
  const current = state.progress[effect.step] ?? { ran: [] };
  if (fact.kind === "failed") {
    const next = afterFailure(state, effect, fact.failure.code);
    return withProgress(next, effect.step, { ...current, failure: fact.failure });
  }
  const next = afterSuccess(state, effect, fact.value);
  let progress: Progress = { ...current, ran: [...current.ran, effect.kind] };
  if (effect.kind === "checkHealth")
    progress = { ...progress, health: fact.value as EffectValues["checkHealth"] };
  if (effect.kind === "findCompute")
    progress = { ...progress, owned: (fact.value as EffectValues["findCompute"]).owned };
  if (RELEASING.has(effect.kind))
    progress = { ...progress, released: [...(current.released ?? []), ...(fact.value as readonly string[])] };
  const outputs = outputsOf(next);
  const awaitsRollout = effect.kind === "restartService" && effect.thenAwaitRollout === true;
  if (FINISHING.has(effect.kind) && !awaitsRollout && outputs) progress = { ...progress, outputs };
  return withProgress(next, effect.step, progress);
}

function afterSuccess(state: ComputeState, effect: ComputeEffect, value: unknown): ComputeState {
  const answered = <K extends keyof EffectValues>(_kind: K) => value as EffectValues[K];
  switch (effect.kind) {
    case "createTaskRole":
      return { ...state, taskRoleRef: answered("createTaskRole") };
    case "prepareLogs":
      return { ...state, logsPrepared: true };
    case "registerRevision": {
      const { request, revisionRef } = state;
      const previous = request && revisionRef ? { request, revisionRef } : undefined;
      const next = { ...state, request: effect.request, revisionRef: answered("registerRevision") };
      return previous ? { ...next, previous } : next;
    }
    case "startInstall":
      return { ...state, install: { attempt: effect.attempt, taskRef: answered("startInstall") } };
    case "awaitInstall": {
      const attempt = state.install?.attempt ?? 1;
      // A task the cloud forgot before anyone saw it end: the next attempt is a new task.
      if (answered("awaitInstall") === "gone") return { ...state, install: { attempt: attempt + 1 } };
      return { ...state, install: { attempt, installed: true } };
    }
    case "createService":
      return {
        ...state,
        serviceRef: answered("createService"),
        deployedRef: effect.revisionRef,
        desiredCount: effect.desiredCount,
        suspended: false,
      };
    case "deployRevision":
      return { ...state, deployedRef: effect.revisionRef, desiredCount: effect.desiredCount };
    case "awaitRollout": {
      const { previous: _settled, ...rest } = state;
      return rest;
    }
    // A suspended service keeps the count it ran with: the one resume restores.
    case "setDesiredCount":
      return effect.desiredCount === 0
        ? { ...state, suspended: true }
        : { ...state, suspended: false, desiredCount: effect.desiredCount };
    case "findCompute":
      return answered("findCompute").owned ? state : closed(state);
    case "deleteTaskRole":
      return closed(state);
    case "checkHealth":
    case "restartService":
    case "deleteService":
    case "deleteRevisions":
      return state;
    default:
      return unreachable(effect);
  }
}

/**
 * A deployment that failed leaves the running revision unknown, so the next change hands its
 * revision over again. One the circuit breaker rolled back runs the previous revision again:
 * the state follows it back, so what comes next builds on what runs, never on what failed.
 */
function afterFailure(state: ComputeState, effect: ComputeEffect, code: string): ComputeState {
  if (effect.kind !== "deployRevision" && effect.kind !== "awaitRollout") return state;
  const { deployedRef: _unknown, previous, ...rest } = state;
  if (effect.kind === "awaitRollout" && code === "COMPUTE.DEPLOYMENT_FAILED" && previous)
    return { ...rest, ...previous, deployedRef: previous.revisionRef };
  return previous ? { ...rest, previous } : rest;
}

/** Released: nothing is left to act on; only the recent progress stays (for the answers). */
function closed(state: ComputeState): ComputeState {
  return { suspended: false, closed: true, progress: state.progress };
}

/** Sets the step's progress, keeping the last PROGRESS_KEPT operations. */
export function withProgress(state: ComputeState, step: string, progress: Progress): ComputeState {
  const { [step]: _current, ...others } = state.progress;
  const kept = Object.entries(others).slice(-(PROGRESS_KEPT - 1));
  return { ...state, progress: Object.fromEntries([...kept, [step, progress]]) };
}

function unreachable(value: never): never {
  throw new Error(`unknown compute effect ${JSON.stringify(value)}`);
}
