import type { Logger } from "@bbws/mesh";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { ApiResult } from "../application/apiResult.ts";
import { type Caller, mayAccess } from "../domain/authorize.ts";
import { ApiError } from "../domain/errors.ts";
import { fingerprintOf } from "../domain/idempotency.ts";
import { IdempotencyHeadersSchema } from "../domain/requestSchemas.ts";
import type { RouteSpec } from "../domain/routeSpecs.ts";
import type { TokenBuckets } from "../domain/tokenBuckets.ts";
import type { Authenticate } from "./authenticate.ts";
import { type HttpResponse, jsonResponse, problemResponse, type RequestInfo } from "./httpResponses.ts";
import { type IdempotencySettings, runIdempotently } from "./idempotentExecution.ts";
import { headerOf, parseWith, readJsonBody } from "./requestInput.ts";

/** What a route implementation gets: validated input and who asks. */
export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: unknown;
  readonly body: unknown;
  readonly caller: Caller;
  /** The tenant in the path of a /tenants/{tenantId}/... route. */
  readonly tenantScope?: string;
  /** Caller, Idempotency-Key and request fingerprint: the seed of the command's ids. */
  readonly idempotencyScope: string;
  readonly correlationId: string;
}

export type RouteImplementation = (context: RouteContext) => Promise<ApiResult>;

export interface RouteHandlerDeps {
  readonly authenticate: Authenticate;
  readonly buckets: TokenBuckets;
  readonly idempotency: IdempotencySettings;
  readonly maxBodyBytes: number;
  readonly clock: () => number;
  readonly logger: Logger;
}

export function requestInfo(event: APIGatewayProxyEventV2): RequestInfo {
  return {
    path: event.requestContext?.http?.path ?? event.rawPath ?? "",
    requestId: event.requestContext?.requestId ?? "",
  };
}

/**
 * The pipeline every route runs, in this order: authenticate (401), authorize (403),
 * throttle (429), validate path, query and body (400/413/415), then run, through the
 * idempotency store for POST and DELETE.
 */
export function createRouteHandler(
  spec: RouteSpec,
  implementation: RouteImplementation,
  deps: RouteHandlerDeps,
) {
  // The router matched the spec's strict template (createRouter) before this runs.
  return async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
    const request = requestInfo(event);
    const caller = await deps.authenticate(event);
    if (!mayAccess(caller, spec.access))
      throw new ApiError("API.FORBIDDEN", `${spec.method} ${spec.path} needs the platform-operators group`);
    const taken = deps.buckets.take(caller.id, deps.clock());
    if (!taken.allowed)
      throw new ApiError("API.RATE_LIMITED", "too many requests from this caller; slow down", {
        extras: { retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) },
      });
    const params = parseWith(spec.params, event.pathParameters ?? {}, "path") as Record<string, string>;
    const query = spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}, "query") : undefined;
    const raw = spec.body ? readJsonBody(event, deps.maxBodyBytes) : undefined;
    if (spec.body?.required && raw === undefined)
      throw new ApiError("API.VALIDATION_FAILED", "this request needs a JSON body", {
        extras: { errors: [{ in: "body", field: "body", message: "send a JSON object body" }] },
      });
    const body = spec.body && raw !== undefined ? parseWith(spec.body.schema, raw, "body") : undefined;
    const correlationId = request.requestId || "api";
    // Absent and undefined read the same: every use case asks `tenantScope === undefined`.
    const tenantScope = spec.tenantScoped && params.tenantId ? params.tenantId : undefined;
    if (spec.method === "GET") {
      const context = { params, query, body, caller, tenantScope, correlationId, idempotencyScope: "" };
      return respond(implementation, context, request, deps.logger);
    }
    const headers = parseWith(
      IdempotencyHeadersSchema,
      { "Idempotency-Key": headerOf(event, "idempotency-key") },
      "header",
    );
    const key = headers["Idempotency-Key"];
    const fingerprint = fingerprintOf({ method: spec.method, path: request.path, body: raw });
    const scoped = `${caller.id}#${key}`;
    const idempotencyScope = `${scoped}#${fingerprint}`;
    const context = { params, query, body, caller, tenantScope, correlationId, idempotencyScope };
    return runIdempotently(deps.idempotency, { key: scoped, fingerprint }, () =>
      respond(implementation, context, request, deps.logger),
    );
  };
}

/** The implementation's result as JSON, or its failure as a problem document. */
async function respond(
  implementation: RouteImplementation,
  context: RouteContext,
  request: RequestInfo,
  logger: Logger,
): Promise<HttpResponse> {
  try {
    return jsonResponse(await implementation(context), request);
  } catch (error) {
    return problemResponse(error, request, logger);
  }
}
