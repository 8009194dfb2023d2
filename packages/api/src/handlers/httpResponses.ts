import type { Logger } from "@bbws/mesh";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { z } from "zod";
import type { ApiResult } from "../application/apiResult.ts";
import { PREPARED_BODY, SerialisedJson, type WithPreparedBody } from "../application/serialisedJson.ts";
import { ApiError, type ProblemExtras, validationError } from "../domain/errors.ts";
import { fieldErrors } from "../domain/fieldErrors.ts";
import { problemDocument } from "../domain/problem.ts";
import { isProblemCode, PROBLEMS, type ProblemCode } from "../domain/problemTable.ts";

export type HttpResponse = APIGatewayProxyStructuredResultV2 &
  WithPreparedBody & {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };

export interface RequestInfo {
  readonly path: string;
  readonly requestId: string;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** The headers every answer carries; one literal per answer (no spreads on the hot path). */
function answerHeaders(contentType: string, requestId: string): Record<string, string> {
  return {
    "content-type": contentType,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-request-id": requestId,
  };
}

/** A `SerialisedJson` body goes with its text and, under `PREPARED_BODY`, itself (for its bytes). */
export function jsonResponse(result: ApiResult, request: RequestInfo): HttpResponse {
  const headers = answerHeaders("application/json; charset=utf-8", request.requestId);
  if (result.headers) Object.assign(headers, result.headers);
  const { status: statusCode, body } = result;
  return body instanceof SerialisedJson
    ? { statusCode, headers, body: body.text, [PREPARED_BODY]: body }
    : { statusCode, headers, body: JSON.stringify(body) };
}

/**
 * Any error as application/problem+json. Known codes (ours, the ledger's, an adapter's
 * ApiError) take their status from PROBLEMS; a zod error is a 400; an unknown error
 * that says it is retryable is a 503, anything else a 500, logged with its cause.
 */
export function problemResponse(error: unknown, request: RequestInfo, logger: Logger): HttpResponse {
  const known = asKnownProblem(error);
  if (!known) logger.error("unexpected error", { error, path: request.path, requestId: request.requestId });
  const { code, message, extras } = known ?? fallback(error);
  const detail = known ? message : "the error was logged; retry later or report the requestId";
  const { status, body } = problemDocument(code, detail, extras, request);
  const headers = answerHeaders(PROBLEM_CONTENT_TYPE, request.requestId);
  if (extras.retryAfterSeconds !== undefined) headers["retry-after"] = String(extras.retryAfterSeconds);
  if (extras.allow) headers.allow = extras.allow.join(", ");
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="bbws"';
  return { statusCode: status, headers, body: JSON.stringify(body) };
}

interface KnownProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly extras: ProblemExtras;
}

function asKnownProblem(error: unknown): KnownProblem | null {
  if (error instanceof ApiError) {
    const retryAfter = PROBLEMS[error.code].status === 503 ? { retryAfterSeconds: 1 } : {};
    return { code: error.code, message: error.message, extras: { ...retryAfter, ...error.extras } };
  }
  if (error instanceof z.ZodError) {
    const problem = validationError(fieldErrors(error.issues, "body", undefined));
    return { code: problem.code, message: problem.message, extras: problem.extras };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (isProblemCode(code)) {
    const message = error instanceof Error ? error.message : String(code);
    const retryAfter = PROBLEMS[code].status === 503 ? { retryAfterSeconds: 1 } : {};
    return { code, message, extras: retryAfter };
  }
  return null;
}

function fallback(error: unknown): KnownProblem {
  const retryable = (error as { retryable?: unknown } | null)?.retryable === true;
  return retryable
    ? {
        code: "API.DEPENDENCY_UNAVAILABLE",
        message: "a dependency is unavailable",
        extras: { retryAfterSeconds: 1 },
      }
    : { code: "API.INTERNAL", message: "unexpected error", extras: {} };
}
