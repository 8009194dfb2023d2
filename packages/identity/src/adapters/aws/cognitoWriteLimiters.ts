import { createRateLimiter, type RateLimiter } from "@bbws/mesh";
import { z } from "zod";
import { COGNITO_WRITES_PER_SECOND } from "./createCognitoIdentityProvider.ts";

/** Burst 1: a larger bucket would let a container exceed its share in the first second. */
export const COGNITO_WRITE_BURST = 1;

/** `BBWS_COGNITO_WRITES_PER_SECOND`: this container's share, set by the deployment. */
export const CognitoWritesEnvSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(COGNITO_WRITES_PER_SECOND - COGNITO_WRITE_BURST, {
    error: `must leave room for the burst within Cognito's ${COGNITO_WRITES_PER_SECOND} writes/s per account`,
  });

export interface CognitoWriteLimitersOptions {
  /** This container's share of the account's 15 writes/s (infra/functions.ts, docs/deploy.md). */
  readonly ratePerSecond: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * One Cognito write limiter per AWS account and region in this container, since the 15/s
 * quota is per account and region: two environments mapped to one account share it. The
 * account-wide bound comes from the deployment (reserved concurrency × this rate), not from
 * this process alone.
 */
export function createCognitoWriteLimiters(
  options: CognitoWriteLimitersOptions,
): (account: { readonly accountId: string; readonly region: string }) => RateLimiter {
  const { ratePerSecond } = options;
  if (!(ratePerSecond > 0))
    throw new Error(`Cognito writes per second must be positive, not ${ratePerSecond}`);
  const limiters = new Map<string, RateLimiter>();
  return ({ accountId, region }) => {
    const key = `${accountId}/${region}`;
    const existing = limiters.get(key);
    if (existing) return existing;
    const made = createRateLimiter({
      ratePerSecond,
      burst: COGNITO_WRITE_BURST,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    limiters.set(key, made);
    return made;
  };
}
