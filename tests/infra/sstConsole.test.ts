import { describe, expect, it } from "vitest";
import { DEPLOY_ENV } from "./deployFixture.ts";
import { evaluateSstConfig, ofType } from "./evaluateSstConfig.ts";

/** The operator console on AWS (issue 16): a static site against the same API, Cognito hosted UI sign-in. */
const HOSTED_UI = "https://bbws-operators.auth.eu-west-1.amazoncognito.com";
const withConsole = {
  ...DEPLOY_ENV,
  BBWS_OPERATORS_POOL: JSON.stringify({
    userPoolId: "eu-west-1_AbCdEf123",
    clientIds: ["operators-portal", "operators-console"],
    console: { hostedUiDomain: HOSTED_UI, clientId: "operators-console" },
  }),
};

describe("the operator console's static site", () => {
  it("is built by the console package with the API's URL and the hosted UI's client, and is an output", async () => {
    const deployed = await evaluateSstConfig("dev", withConsole);
    const [site] = ofType(deployed.resources, "sst.aws.StaticSite");
    const [api] = ofType(deployed.resources, "sst.aws.ApiGatewayV2");
    expect(site?.args).toEqual({
      path: "packages/console",
      build: { command: "npm run build", output: "dist" },
      environment: {
        BBWS_CONSOLE_API_URL: `https://stub/${api?.name}`,
        BBWS_CONSOLE_HOSTED_UI: HOSTED_UI,
        BBWS_CONSOLE_CLIENT_ID: "operators-console",
      },
    });
    expect(deployed.outputs.console).toBe(`https://stub/${site?.name}`);
  });

  it("lets the console's origin call the API: CORS for the headers it sends and reads, preflights unauthenticated", async () => {
    const deployed = await evaluateSstConfig("dev", withConsole);
    const [api] = ofType(deployed.resources, "sst.aws.ApiGatewayV2");
    expect(api?.args.cors).toMatchObject({
      allowOrigins: ["*"],
      allowMethods: ["GET", "POST", "DELETE"],
      allowHeaders: ["authorization", "content-type", "idempotency-key"],
      exposeHeaders: expect.arrayContaining(["location", "retry-after"]),
    });
    const routes = api?.calls.filter((call) => call.method === "route").map((call) => String(call.args[0]));
    expect(routes?.some((route) => route.startsWith("ANY ") || route.startsWith("OPTIONS "))).toBe(false);
  });

  it("is not deployed without a console client; a console client the API would refuse is a clear error", async () => {
    const without = await evaluateSstConfig("dev");
    expect(ofType(without.resources, "sst.aws.StaticSite")).toEqual([]);
    expect(without.outputs.console).toBeUndefined();
    const refused = {
      ...DEPLOY_ENV,
      BBWS_OPERATORS_POOL: JSON.stringify({
        userPoolId: "eu-west-1_AbCdEf123",
        clientIds: ["operators-portal"],
        console: { hostedUiDomain: HOSTED_UI, clientId: "operators-console" },
      }),
    };
    await expect(evaluateSstConfig("dev", refused)).rejects.toThrow(
      /console.clientId must also be in clientIds/,
    );
  });
});
