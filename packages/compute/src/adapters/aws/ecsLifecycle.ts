import {
  type ComputeOutputs,
  DESIRED_COUNT_MAX,
  DESIRED_COUNT_MIN,
  type InstanceRef,
  type Size,
} from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { WordPressImage } from "../../ports.ts";
import { requireComputeState } from "./computeRecord.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { outputsOf, saveState, updateService } from "./ecsService.ts";
import { rollOut } from "./rollOut.ts";

/**
 * Scales to 0. The record keeps the count it ran with (a repeat, count already 0, reports the
 * same one); the outputs report it, and the domain hands it back to resume. ComputeOutputs.desiredCount
 * is 1-10 and means "the count when running".
 */
export async function suspendEcs(rt: EcsRuntime, instance: InstanceRef): Promise<ComputeOutputs> {
  const state = await requireComputeState(rt.deps.records, instance);
  await updateService(rt, instance, { desiredCount: 0 }, 0);
  return outputsOf(instance, state, state.desiredCount);
}

/** Back to the count the domain remembered from suspend. */
export async function resumeEcs(
  rt: EcsRuntime,
  instance: InstanceRef,
  remembered: { desiredCount: number },
): Promise<ComputeOutputs> {
  const state = await requireComputeState(rt.deps.records, instance);
  const { desiredCount } = remembered;
  await updateService(rt, instance, { desiredCount }, desiredCount);
  if (desiredCount !== state.desiredCount) await saveState(rt, instance, { ...state, desiredCount });
  return outputsOf(instance, state, desiredCount);
}

/**
 * The count alone is one UpdateService. A size change is a new revision rolled out like an
 * image update (and, like it, reported only once the rollout completes).
 */
export async function scaleEcs(
  rt: EcsRuntime,
  instance: InstanceRef,
  change: { desiredCount: number; size?: Size },
): Promise<ComputeOutputs> {
  const { desiredCount, size } = change;
  if (!Number.isInteger(desiredCount) || desiredCount < DESIRED_COUNT_MIN || desiredCount > DESIRED_COUNT_MAX)
    throw new ComputeError(
      "COMPUTE.INVALID_REQUEST",
      `desiredCount must be a whole number from ${DESIRED_COUNT_MIN} to ${DESIRED_COUNT_MAX}, got ${desiredCount}`,
      { retryable: false },
    );
  const state = await requireComputeState(rt.deps.records, instance);
  if (size === undefined) {
    const started = Math.max(0, desiredCount - state.desiredCount);
    await updateService(rt, instance, { desiredCount }, started);
    const scaled = { ...state, desiredCount, request: withSpec(state.request, { desiredCount }) };
    await saveState(rt, instance, scaled);
    return outputsOf(instance, scaled, desiredCount);
  }
  const done = await rollOut(rt, instance, {
    state,
    request: withSpec(state.request, { size, desiredCount }),
    desiredCount,
  });
  return outputsOf(instance, done, desiredCount);
}

export async function updateImageEcs(
  rt: EcsRuntime,
  instance: InstanceRef,
  wordpress: WordPressImage,
): Promise<ComputeOutputs> {
  const state = await requireComputeState(rt.deps.records, instance);
  const done = await rollOut(rt, instance, {
    state,
    request: withSpec(state.request, { wordpress }),
    desiredCount: state.desiredCount,
  });
  return outputsOf(instance, done, done.desiredCount);
}

/** Same revision, fresh tasks; a repeat costs one more rolling restart, which is harmless. */
export async function restartEcs(rt: EcsRuntime, instance: InstanceRef): Promise<ComputeOutputs> {
  const state = await requireComputeState(rt.deps.records, instance);
  await updateService(rt, instance, { forceNewDeployment: true }, state.desiredCount);
  return outputsOf(instance, state, state.desiredCount);
}

function withSpec<R extends { spec: object }>(request: R, change: Partial<R["spec"]>): R {
  return { ...request, spec: { ...request.spec, ...change } };
}
