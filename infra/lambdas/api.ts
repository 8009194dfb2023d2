import type { ApiHandler } from "@bbws/api";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { apiHandlerFromEnvironment } from "./apiDeps.ts";

let built: ApiHandler | undefined;

/**
 * The API Lambda's entry point (API Gateway HTTP API, payload 2.0). Built on the first
 * request and kept for the container's life: clients, the per-caller rate limiter and the
 * ledger service are shared by every request the container serves.
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  built ??= apiHandlerFromEnvironment();
  return built(event, context);
}
