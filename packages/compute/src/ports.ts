import type { ComputeOutputs, DataOf, InstanceRef, Size } from "@bbws/contracts";

export type ComputeRequest = DataOf<"ComputeRequested">;
export type WordPressImage = DataOf<"ImageUpdateRequested">["wordpress"];

/**
 * The tenant's WordPress: an ECS Fargate task definition and service on AWS,
 * a PHP process serving WordPress locally. Every call is idempotent.
 */
export interface ComputeProvider {
  ensureCompute(instance: InstanceRef, request: ComputeRequest): Promise<ComputeOutputs>;
  /** Resolves when WordPress answers 200; throws HealthPendingError while it does not yet. */
  checkHealth(instance: InstanceRef): Promise<{ url: string; httpStatus: number }>;
  releaseCompute(instance: InstanceRef): Promise<string[]>;
  /** Scales to 0, remembering the previous count for resume. */
  suspend(instance: InstanceRef): Promise<ComputeOutputs>;
  resume(instance: InstanceRef): Promise<ComputeOutputs>;
  scale(instance: InstanceRef, change: { desiredCount: number; size?: Size }): Promise<ComputeOutputs>;
  updateImage(instance: InstanceRef, wordpress: WordPressImage): Promise<ComputeOutputs>;
  restart(instance: InstanceRef): Promise<ComputeOutputs>;
}
