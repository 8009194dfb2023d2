import { VersionConflictError } from "../domain/errors.ts";

export interface RetryOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** Optimistic concurrency: on a version conflict, reload and decide again, with jittered backoff. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || tries >= options.maxAttempts) throw error;
      await options.sleep(options.baseDelayMs * 2 ** (tries - 1) * options.random());
    }
  }
}
