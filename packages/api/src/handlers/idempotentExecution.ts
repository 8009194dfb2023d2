import type { Logger } from "@bbws/mesh";
import { ApiError } from "../domain/errors.ts";
import type { StoredResponse } from "../domain/idempotency.ts";
import type { IdempotencyStore } from "../ports.ts";
import type { HttpResponse } from "./httpResponses.ts";

export interface IdempotencySettings {
  readonly store: IdempotencyStore;
  readonly clock: () => number;
  /** How long a claim holds before another request may take it over (a crashed request). */
  readonly lockMs: number;
  /** How long an answer is replayed. */
  readonly ttlMs: number;
  readonly logger: Logger;
}

export const REPLAYED_HEADER = "idempotent-replayed";

/**
 * Runs `execute` once per (key, fingerprint): a replay returns the stored answer, another
 * request under the same key is a 422, a concurrent one a 409. Answers below 500 are
 * stored (a 409 is the first answer too); a 5xx frees the key so the client can retry.
 * `execute` must turn its errors into responses, so every outcome passes here.
 */
export async function runIdempotently(
  settings: IdempotencySettings,
  request: { key: string; fingerprint: string },
  execute: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const { store, clock, lockMs, ttlMs } = settings;
  const claim = await store.claim({ ...request, now: clock(), lockMs, ttlMs });
  switch (claim.outcome) {
    case "replay":
      return replay(claim.response);
    case "mismatch":
      throw new ApiError(
        "API.IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used for a different request (method, path or body); use a fresh key for a new request",
      );
    case "in-progress":
      throw new ApiError(
        "API.IDEMPOTENCY_IN_PROGRESS",
        "the first request with this Idempotency-Key is still running; retry shortly",
        {
          extras: { retryAfterSeconds: 1 },
        },
      );
    case "claimed":
      break;
    default: {
      const unreachable: never = claim;
      throw new Error(`unknown claim outcome ${JSON.stringify(unreachable)}`);
    }
  }
  const response = await execute();
  if (response.statusCode >= 500) {
    await store.release(request).catch((error: unknown) =>
      settings.logger.warn("idempotency key not released; it frees itself when its lock expires", {
        error,
      }),
    );
    return response;
  }
  const stored: StoredResponse = {
    statusCode: response.statusCode,
    headers: response.headers,
    body: response.body,
  };
  await store.complete({ ...request, response: stored, now: clock(), ttlMs });
  return response;
}

function replay(response: StoredResponse): HttpResponse {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers, [REPLAYED_HEADER]: "true" },
    body: response.body,
  };
}
