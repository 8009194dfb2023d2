import { describe, expect, it } from "vitest";
import { consoleConfigFromEnv } from "./consoleConfigFromEnv.ts";

describe("the deployed console's config", () => {
  it("signs in through the hosted UI when both of its variables are set", () => {
    expect(
      consoleConfigFromEnv({
        BBWS_CONSOLE_API_URL: "https://api.example",
        BBWS_CONSOLE_HOSTED_UI: "https://ops.auth.eu-west-1.amazoncognito.com",
        BBWS_CONSOLE_CLIENT_ID: "console-client",
      }),
    ).toEqual({
      apiUrl: "https://api.example",
      auth: {
        mode: "cognito",
        domain: "https://ops.auth.eu-west-1.amazoncognito.com",
        clientId: "console-client",
      },
    });
  });

  it("says which variable is missing", () => {
    expect(() => consoleConfigFromEnv({})).toThrow(/BBWS_CONSOLE_API_URL/);
    expect(() =>
      consoleConfigFromEnv({ BBWS_CONSOLE_API_URL: "https://api.example", BBWS_CONSOLE_CLIENT_ID: "x" }),
    ).toThrow(/go together/);
    expect(consoleConfigFromEnv({ BBWS_CONSOLE_API_URL: "https://api.example" }).auth).toEqual({
      mode: "local",
    });
  });
});
