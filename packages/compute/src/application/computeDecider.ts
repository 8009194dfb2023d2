import type { ServiceDecider } from "@bbws/mesh";
import { decideCompute } from "../domain/computeDecider.ts";
import type { ComputeEffect } from "../domain/computeEffect.ts";
import { type ComputeState, initialComputeState } from "../domain/computeState.ts";
import { evolveCompute } from "../domain/evolveCompute.ts";
import { waitCompute } from "../domain/waitCompute.ts";

/** Compute's pure decisions, in the shape the shared executor runs. */
export const computeDecider: ServiceDecider<ComputeState, ComputeEffect> = {
  service: "compute",
  initialState: initialComputeState,
  decide: decideCompute,
  evolve: evolveCompute,
  waited: waitCompute,
};
