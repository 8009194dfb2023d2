import type { Logger } from "@bbws/mesh";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { ProvisionDefaults } from "../application/apiResult.ts";
import { createListPageCache } from "../application/listPageCache.ts";
import { createViewJsonCache } from "../application/viewJsonCache.ts";
import { ApiError } from "../domain/errors.ts";
import { buildOpenApi } from "../domain/openApi.ts";
import { ROUTES, routePattern } from "../domain/routeSpecs.ts";
import { createTokenBuckets } from "../domain/tokenBuckets.ts";
import type {
  DeadLetters,
  EventReplays,
  IdempotencyStore,
  InstanceCommands,
  InstanceHealthChecks,
  InstanceLogs,
  InstanceMetrics,
  InstanceQueries,
  OrphanOperations,
} from "../ports.ts";
import { type AuthConfig, createAuthenticate } from "./authenticate.ts";
import { createRouteHandler, requestInfo } from "./createRouteHandler.ts";
import { createRouter, type Route } from "./createRouter.ts";
import { renderDocsPage } from "./docsPage.ts";
import { problemResponse } from "./httpResponses.ts";
import { routeImplementations } from "./routeImplementations.ts";

export interface ApiDeps {
  readonly commands: InstanceCommands;
  readonly queries: InstanceQueries;
  readonly idempotency: IdempotencyStore;
  readonly auth: AuthConfig;
  readonly defaults: ProvisionDefaults;
  readonly logger: Logger;
  readonly logs?: InstanceLogs;
  readonly metrics?: InstanceMetrics;
  /** Recovery (operators only); each absent port makes its routes answer 501. */
  readonly replays?: EventReplays;
  readonly deadLetters?: DeadLetters;
  readonly orphans?: OrphanOperations;
  /** POST .../health (the live check); absent → 501. */
  readonly health?: InstanceHealthChecks;
  /** Epoch ms. */
  readonly clock?: () => number;
  /** Per caller (token `sub`), per process: API Gateway's stage throttling is the fleet-wide limit on AWS. */
  readonly rateLimit?: { readonly ratePerSecond: number; readonly burst: number };
  readonly maxBodyBytes?: number;
  readonly idempotencyTtlMs?: number;
  readonly idempotencyLockMs?: number;
}

export type ApiHandler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyResultV2>;

const DAY_MS = 86_400_000;

/**
 * The API as one middy handler over a router (`createRouter`, @middy/http-router's dispatch
 * with strict templates): the Lambda behind API Gateway (HTTP API, payload v2), and what the
 * local HTTP adapter calls for every request.
 */
export function createApiHandler(deps: ApiDeps): ApiHandler {
  const clock = deps.clock ?? Date.now;
  const rate = deps.rateLimit ?? { ratePerSecond: 50, burst: 100 };
  const shared = {
    authenticate: createAuthenticate(deps.auth),
    buckets: createTokenBuckets(rate),
    idempotency: {
      store: deps.idempotency,
      clock,
      lockMs: deps.idempotencyLockMs ?? 30_000,
      ttlMs: deps.idempotencyTtlMs ?? DAY_MS,
      logger: deps.logger,
    },
    maxBodyBytes: deps.maxBodyBytes ?? 64 * 1024,
    clock,
    logger: deps.logger,
  };
  const implementations = routeImplementations({
    ...deps,
    clock,
    viewJson: createViewJsonCache(),
    listPages: createListPageCache(),
  });
  const routes: Route[] = ROUTES.map((spec) => ({
    method: spec.method,
    path: spec.path,
    handler: createRouteHandler(spec, implementations[spec.name], shared),
  }));
  routes.push(...documentationRoutes());
  const router = createRouter(routes, ({ method, path }) => {
    throw routeNotFound(method, path);
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use({
      onError: async (request) => {
        request.response = problemResponse(request.error, requestInfo(request.event), deps.logger);
      },
    })
    .handler(router);
}

/** 405 with Allow when the path exists under other methods, else 404. */
function routeNotFound(method: string, path: string): ApiError {
  const allow = ROUTES.filter((route) => routePattern(route.path).test(path)).map((route) => route.method);
  if (allow.length > 0)
    return new ApiError("API.METHOD_NOT_ALLOWED", `${path} accepts ${allow.join(", ")}, not ${method}`, {
      extras: { allow },
    });
  return new ApiError("API.ROUTE_NOT_FOUND", `there is nothing at ${path}; see /docs`);
}

/** /openapi.json and /docs are public: they describe the API, they do not reach any data. */
function documentationRoutes(): Route[] {
  const document = buildOpenApi();
  const json = JSON.stringify(document);
  const html = renderDocsPage(document);
  const respond = (contentType: string, body: string) => async () => ({
    statusCode: 200,
    headers: { "content-type": contentType, "cache-control": "public, max-age=300" },
    body,
  });
  return [
    { method: "GET", path: "/openapi.json", handler: respond("application/json; charset=utf-8", json) },
    { method: "GET", path: "/docs", handler: respond("text/html; charset=utf-8", html) },
  ];
}
