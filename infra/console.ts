import type { DeployConfig } from "./deployConfig.ts";

/** The variables packages/console's build reads (src/buildConsoleCli.ts) to write its config.json. */
export function consoleBuildEnvironment<T>(
  pool: NonNullable<DeployConfig["operatorsPool"]["console"]>,
  apiUrl: T,
): Record<string, T | string> {
  return {
    BBWS_CONSOLE_API_URL: apiUrl,
    BBWS_CONSOLE_HOSTED_UI: pool.hostedUiDomain,
    BBWS_CONSOLE_CLIENT_ID: pool.clientId,
  };
}

/**
 * The operator console as a static site (S3 + CloudFront) against the same API, signing in
 * through the operators' Cognito hosted UI (authorization code + PKCE). Built at deploy time
 * by `npm run build -w @bbws/console` (esbuild), so no build output is committed.
 */
export function createConsole(input: { config: DeployConfig; apiUrl: $util.Input<string> }) {
  const pool = input.config.operatorsPool.console;
  if (!pool) return undefined;
  return new sst.aws.StaticSite("Console", {
    path: "packages/console",
    build: { command: "npm run build", output: "dist" },
    environment: consoleBuildEnvironment(pool, input.apiUrl),
  });
}
