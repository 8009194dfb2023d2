import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { routeTemplate } from "../domain/routeSpecs.ts";

/** A route's handler: what middy calls as its handler (the third argument carries the abort signal). */
export type RouteHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
  options: { signal: AbortSignal },
) => Promise<APIGatewayProxyResultV2>;

export interface Route {
  readonly method: string;
  /** A path, or a template with `{name}` segments. */
  readonly path: string;
  readonly handler: RouteHandler;
}

interface TemplateRoute {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

/**
 * method + path → the route's handler, for API Gateway's payload v2, as @middy/http-router
 * dispatched: fixed paths first, then templates in the order given, a trailing slash optional,
 * the parameters set on `event.pathParameters` (any the event already had win). Unlike it, the
 * templates' literal text is escaped (the dot of "/v1.0" is a dot) and the parameters are read
 * by position: its spread of the match's named groups cost more than the rest of routing.
 */
export function createRouter(
  routes: readonly Route[],
  notFound: (request: { method: string; path: string }) => never,
): RouteHandler {
  const fixed = new Map<string, Map<string, RouteHandler>>();
  const templated = new Map<string, TemplateRoute[]>();
  for (const { method, path, handler } of routes) {
    if (path.includes("{")) {
      const list = templated.get(method) ?? [];
      list.push({ ...routeTemplate(path), handler });
      templated.set(method, list);
      continue;
    }
    const paths = fixed.get(method) ?? new Map<string, RouteHandler>();
    const bare = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    paths.set(bare, handler);
    paths.set(`${bare}/`, handler);
    fixed.set(method, paths);
  }
  return (event, context, options) => {
    const http = event.requestContext?.http;
    const method = http?.method;
    const path = http?.path;
    if (!method || !path)
      throw new Error("Unknown http event format: no requestContext.http method and path");
    const exact = fixed.get(method)?.get(path);
    if (exact) return exact(event, context, options);
    for (const route of templated.get(method) ?? []) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const parameters: Record<string, string> = {};
      for (let index = 0; index < route.names.length; index += 1)
        parameters[route.names[index] as string] = match[index + 1] as string;
      event.pathParameters = event.pathParameters
        ? Object.assign(parameters, event.pathParameters)
        : parameters;
      return route.handler(event, context, options);
    }
    return notFound({ method, path });
  };
}
