import type { ConsoleConfig } from "./buildConsole.ts";

/** The deployed console's config.json from the build's environment; says which variable is missing. */
export function consoleConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ConsoleConfig {
  const apiUrl = env.BBWS_CONSOLE_API_URL;
  if (!apiUrl) throw new Error("BBWS_CONSOLE_API_URL must be the API's URL (sst.config.ts sets it)");
  const domain = env.BBWS_CONSOLE_HOSTED_UI;
  const clientId = env.BBWS_CONSOLE_CLIENT_ID;
  if (!domain && !clientId) return { apiUrl, auth: { mode: "local" } };
  if (!domain || !clientId)
    throw new Error(
      "BBWS_CONSOLE_HOSTED_UI and BBWS_CONSOLE_CLIENT_ID go together (the Cognito hosted UI sign-in)",
    );
  return { apiUrl, auth: { mode: "cognito", domain, clientId } };
}
