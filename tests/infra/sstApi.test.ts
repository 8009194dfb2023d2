import { beforeAll, describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { functionSpec } from "../../infra/functions.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import { byOutput, type Evaluated, evaluateSstConfig, ofType } from "./evaluateSstConfig.ts";

/** API Gateway in sst.config.ts: the operators' JWT authorizer in front of the one API Lambda. */
let deployed: Evaluated;
beforeAll(async () => {
  deployed = await evaluateSstConfig("dev");
});

describe("API Gateway", () => {
  it("verifies tokens of the operators' pool: its issuer, its app clients", () => {
    const [api] = ofType(deployed.resources, "sst.aws.ApiGatewayV2");
    const authorizers = api?.calls.filter((call) => call.method === "addAuthorizer") ?? [];
    const pool = loadDeployConfig(DEPLOY_ENV, "dev").operatorsPool;
    expect(authorizers.map((call) => call.args[0])).toEqual([
      { name: "operators", jwt: { issuer: pool.issuer, audiences: pool.clientIds } },
    ]);
  });

  it("routes the API to the API Lambda, behind the authorizer except for its documentation", () => {
    const [api] = ofType(deployed.resources, "sst.aws.ApiGatewayV2");
    const routes = api?.calls.filter((call) => call.method === "route") ?? [];
    expect(routes.map((call) => call.args[0]).sort()).toEqual([
      "ANY /v1.0/{proxy+}",
      "GET /docs",
      "GET /openapi.json",
    ]);
    for (const route of routes)
      expect(byOutput(deployed.resources, route.args[1])?.args.handler).toBe(functionSpec("api").handler);
    const authorizer = `id:${api?.name}#addAuthorizer`;
    const guarded = routes.filter((call) => JSON.stringify(call.args[2] ?? {}).includes(authorizer));
    expect(guarded.map((call) => call.args[0])).toEqual(["ANY /v1.0/{proxy+}"]);
    expect(deployed.outputs.api).toBe(`https://stub/${api?.name}`);
  });
});
