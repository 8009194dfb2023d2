import type { ComputeOutputs, DataOf, Size } from "@bbws/contracts";

export type ComputeRequest = DataOf<"ComputeRequested">;
export type WordPressImage = DataOf<"ImageUpdateRequested">["wordpress"];

/**
 * One call to the compute port. `step` names the operation's request it serves
 * (`{detail-type}:{operationId}`): evolve files the outcome under it.
 */
export type ComputeEffect =
  | { readonly kind: "ensure"; readonly step: string; readonly request: ComputeRequest }
  | { readonly kind: "checkHealth"; readonly step: string }
  | { readonly kind: "release"; readonly step: string }
  | { readonly kind: "suspend"; readonly step: string }
  | { readonly kind: "resume"; readonly step: string; readonly desiredCount: number }
  | { readonly kind: "scale"; readonly step: string; readonly desiredCount: number; readonly size?: Size }
  | { readonly kind: "updateImage"; readonly step: string; readonly wordpress: WordPressImage }
  | { readonly kind: "restart"; readonly step: string };

export type LifecycleEffect = Extract<
  ComputeEffect,
  { kind: "suspend" | "resume" | "scale" | "updateImage" | "restart" }
>;

/** What each effect's success carries (the executor's `succeeded.value`). */
export interface EffectValues {
  readonly ensure: ComputeOutputs;
  readonly checkHealth: { readonly url: string; readonly httpStatus: number };
  readonly release: readonly string[];
  readonly suspend: ComputeOutputs;
  readonly resume: ComputeOutputs;
  readonly scale: ComputeOutputs;
  readonly updateImage: ComputeOutputs;
  readonly restart: ComputeOutputs;
}
