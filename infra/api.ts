import type { DeployConfig } from "./deployConfig.ts";
import { functionSpec } from "./functions.ts";
import { lambdaArgs } from "./lambdaArgs.ts";

/**
 * API Gateway (HTTP API) in front of the API Lambda. The JWT authorizer verifies the
 * operators' Cognito access tokens (issuer and app clients from BBWS_OPERATORS_POOL), so
 * the handler runs with `auth.mode: "gateway"` and reads the verified claims. Only the
 * documentation routes are public.
 */
export function createApi(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  const { operatorsPool } = input.config;
  const api = new sst.aws.ApiGatewayV2("Api");
  const authorizer = api.addAuthorizer({
    name: "operators",
    jwt: { issuer: operatorsPool.issuer, audiences: operatorsPool.clientIds },
  });
  // One function for every route: API Gateway only chooses whether the authorizer runs first.
  const handler = new sst.aws.Function(
    "ApiHandler",
    lambdaArgs({
      spec: functionSpec("api"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  );
  api.route("ANY /v1.0/{proxy+}", handler.arn, { auth: { jwt: { authorizer: authorizer.id } } });
  api.route("GET /docs", handler.arn);
  api.route("GET /openapi.json", handler.arn);
  return { api, authorizer, handler };
}
