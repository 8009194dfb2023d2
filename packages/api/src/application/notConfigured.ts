import { ApiError } from "../domain/errors.ts";

/** An optional port the deployment did not wire: 501, saying which one. */
export function notConfigured(what: string, port: string): ApiError {
  return new ApiError(
    "API.NOT_IMPLEMENTED",
    `${what} are not available in this deployment: no ${port} port is configured`,
  );
}
