import type { ComputeOutputs, InstanceRef, Size } from "@bbws/contracts";
import type { ComputeRequest, WordPressImage } from "./domain/computeEffect.ts";

export type { ComputeRequest, WordPressImage };

/** A page of the tenant's WordPress server log (CloudWatch Logs on AWS, the php -S output locally). */
export interface LogQuery {
  /** Events at or after this time. */
  readonly startTime?: Date;
  /** Events before this time. */
  readonly endTime?: Date;
  /** 1 to 1000 (default 100). */
  readonly limit?: number;
  /** From the previous page; opaque. */
  readonly nextToken?: string;
}
export interface LogEvent {
  /** ISO 8601. */
  readonly timestamp: string;
  readonly message: string;
}
export interface LogPage {
  readonly events: LogEvent[];
  /** Absent on the last page (so far: more may be written later). */
  readonly nextToken?: string;
}

/**
 * The tenant's WordPress: an ECS Fargate task definition and service on AWS,
 * a PHP process serving WordPress locally. Every call is idempotent.
 */
export interface ComputeProvider {
  ensureCompute(instance: InstanceRef, request: ComputeRequest): Promise<ComputeOutputs>;
  /** Resolves when WordPress answers 200; throws HealthPendingError while it does not yet. */
  checkHealth(instance: InstanceRef): Promise<{ url: string; httpStatus: number }>;
  releaseCompute(instance: InstanceRef): Promise<string[]>;
  /**
   * Scales to 0. Its outputs carry the count it ran with (ComputeOutputs.desiredCount is 1..10
   * in the contracts, so 0 cannot travel): the domain remembers it and hands it to resume.
   */
  suspend(instance: InstanceRef): Promise<ComputeOutputs>;
  /** Back to `remembered.desiredCount` tasks: the count the domain kept from suspend (or scale). */
  resume(instance: InstanceRef, remembered: { desiredCount: number }): Promise<ComputeOutputs>;
  scale(instance: InstanceRef, change: { desiredCount: number; size?: Size }): Promise<ComputeOutputs>;
  updateImage(instance: InstanceRef, wordpress: WordPressImage): Promise<ComputeOutputs>;
  restart(instance: InstanceRef): Promise<ComputeOutputs>;
  /** Optional: the server log, oldest first; throws a non-retryable ComputeError on a bad query. */
  readLogs?(instance: InstanceRef, query?: LogQuery): Promise<LogPage>;
}
