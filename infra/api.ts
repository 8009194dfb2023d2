import type { DeadLetterSource } from "@bbws/contracts";
import type { DeployConfig } from "./deployConfig.ts";
import { functionSpec } from "./functions.ts";
import { lambdaArgs } from "./lambdaArgs.ts";

/** What the API's recovery routes (replays, dead-letter queues) reach on AWS. */
export interface ApiOperationsResources<T> {
  readonly busName: T;
  readonly busArn: T;
  readonly archiveArn: T;
  /** Each bus consumer's DLQ and the ECS events consumer's (`ecsEvents`, infra/health.ts). */
  readonly deadLetterQueues: Readonly<Record<DeadLetterSource, { readonly url: T; readonly arn: T }>>;
}

/**
 * The API Lambda's variables for its recovery ports (infra/lambdas/apiDeps.ts reads them):
 * the bus and its archive for POST /v1.0/replays, each consumer's DLQ (the ECS events
 * consumer's included) for /v1.0/dlq. IAM: the api entry of infra/iamTable.ts (busArchive, bus,
 * deadLetterQueues, consumerQueues, ecsEventsQueue).
 */
export function apiOperationsEnvironment<T>(
  resources: ApiOperationsResources<T>,
  stringify: (value: unknown) => T,
): Record<string, T> {
  const queues = Object.entries(resources.deadLetterQueues).map(([consumer, dlq]) => ({
    consumer,
    dlqUrl: dlq.url,
    dlqArn: dlq.arn,
  }));
  return {
    BBWS_BUS_NAME: resources.busName,
    BBWS_BUS_ARN: resources.busArn,
    BBWS_ARCHIVE_ARN: resources.archiveArn,
    BBWS_DEAD_LETTER_QUEUES: stringify(queues),
  };
}

/**
 * The methods the API routes. Not `ANY`: an `ANY` route behind the JWT authorizer also takes the
 * browser's CORS preflight (OPTIONS, which carries no token) and answers it 401; with no OPTIONS
 * route, API Gateway answers preflights itself from the CORS configuration.
 */
export const API_METHODS = ["GET", "POST", "DELETE"] as const;

/**
 * CORS for the operator console's static site (another origin than the API). Any origin: the API
 * takes a bearer token in a header and no cookie, so a page elsewhere gains nothing a script with
 * the token could not do already; the token is what is guarded.
 */
export const API_CORS = {
  allowOrigins: ["*"],
  allowMethods: [...API_METHODS],
  allowHeaders: ["authorization", "content-type", "idempotency-key"],
  exposeHeaders: ["location", "idempotent-replayed", "retry-after", "x-request-id"],
  maxAge: "1 hour" as const,
};

/**
 * API Gateway (HTTP API) in front of the API Lambda. The JWT authorizer verifies the
 * operators' Cognito access tokens (issuer and app clients from BBWS_OPERATORS_POOL), so
 * the handler runs with `auth.mode: "gateway"` and reads the verified claims. Only the
 * documentation routes are public. Without `operations`, the recovery routes answer 501.
 */
export function createApi(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
  operations?: ApiOperationsResources<$util.Input<string>>;
}) {
  const { operatorsPool } = input.config;
  const api = new sst.aws.ApiGatewayV2("Api", { cors: API_CORS });
  const authorizer = api.addAuthorizer({
    name: "operators",
    jwt: { issuer: operatorsPool.issuer, audiences: operatorsPool.clientIds },
  });
  const environment = {
    ...input.environment,
    ...(input.operations ? apiOperationsEnvironment(input.operations, (value) => $jsonStringify(value)) : {}),
  };
  // One function for every route: API Gateway only chooses whether the authorizer runs first.
  const handler = new sst.aws.Function(
    "ApiHandler",
    lambdaArgs({
      spec: functionSpec("api"),
      config: input.config,
      role: input.role,
      environment,
    }),
  );
  for (const method of API_METHODS)
    api.route(`${method} /v1.0/{proxy+}`, handler.arn, { auth: { jwt: { authorizer: authorizer.id } } });
  api.route("GET /docs", handler.arn);
  api.route("GET /openapi.json", handler.arn);
  return { api, authorizer, handler };
}
