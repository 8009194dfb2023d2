import { DEAD_LETTER_SOURCES } from "@bbws/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { functionSpec } from "../../infra/functions.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import {
  byOutput,
  deployedFunctions,
  type Evaluated,
  evaluateSstConfig,
  ofType,
} from "./evaluateSstConfig.ts";
import type { Recorded } from "./sstStandIns.ts";

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
      "DELETE /v1.0/{proxy+}",
      "GET /docs",
      "GET /openapi.json",
      "GET /v1.0/{proxy+}",
      "POST /v1.0/{proxy+}",
    ]);
    for (const route of routes)
      expect(byOutput(deployed.resources, route.args[1])?.args.handler).toBe(functionSpec("api").handler);
    const authorizer = `id:${api?.name}#addAuthorizer`;
    const guarded = routes.filter((call) => JSON.stringify(call.args[2] ?? {}).includes(authorizer));
    expect(guarded.map((call) => call.args[0])).toEqual([
      "GET /v1.0/{proxy+}",
      "POST /v1.0/{proxy+}",
      "DELETE /v1.0/{proxy+}",
    ]);
    expect(deployed.outputs.api).toBe(`https://stub/${api?.name}`);
  });
});

describe("the API's recovery routes", () => {
  it("get the bus, its archive and every consumer's DLQ (the ECS events DLQ too), and the API role exactly those ARNs (and its replays)", () => {
    const api = deployedFunctions(deployed.resources).find((fn) => fn.spec.id === "api");
    const [archive] = ofType(deployed.resources, "aws.cloudwatch.EventArchive");
    const [bus] = ofType(deployed.resources, "sst.aws.Bus");
    const queue = (name: string) => ofType(deployed.resources, "sst.aws.Queue").find((q) => q.name === name);
    const pascal = (consumer: string) => consumer[0]?.toUpperCase() + consumer.slice(1);
    // The bus consumers' queues and the ECS events consumer's (EcsEventsQueue, EcsEventsDlq: infra/health.ts).
    const dlqs = DEAD_LETTER_SOURCES.map((consumer) => queue(`${pascal(consumer)}Dlq`) as Recorded);
    const queues = DEAD_LETTER_SOURCES.map((consumer) => queue(`${pascal(consumer)}Queue`) as Recorded);
    expect(api?.args.environment).toMatchObject({
      BBWS_BUS_NAME: `name:${bus?.name}`,
      BBWS_BUS_ARN: `arn:aws:events:eu-west-1:999988887777:event-bus/${bus?.name}`,
      BBWS_ARCHIVE_ARN: `arn:stub:aws.cloudwatch.EventArchive:${archive?.name}`,
    });
    expect(JSON.parse(api?.args.environment.BBWS_DEAD_LETTER_QUEUES)).toEqual(
      DEAD_LETTER_SOURCES.map((consumer, index) => ({
        consumer,
        dlqUrl: `https://stub/${dlqs[index]?.name}`,
        dlqArn: `arn:stub:sst.aws.Queue:${dlqs[index]?.name}`,
      })),
    );
    const role = byOutput(deployed.resources, api?.args.role) as Recorded;
    const statements = (role.args.inlinePolicies as { policy: string }[]).flatMap(
      (policy) =>
        (JSON.parse(policy.policy) as { statements: { actions: string[]; resources: string[] }[] })
          .statements,
    );
    const resourcesOf = (action: string) =>
      statements.find((statement) => statement.actions.includes(action))?.resources;
    // StartReplay is authorised on the archive, the destination bus and the replay it creates.
    expect(resourcesOf("events:StartReplay")).toEqual([
      `arn:stub:aws.cloudwatch.EventArchive:${archive?.name}`,
      `arn:aws:events:eu-west-1:999988887777:event-bus/${bus?.name}`,
      "arn:aws:events:eu-west-1:999988887777:replay/*",
    ]);
    expect(resourcesOf("sqs:StartMessageMoveTask")).toEqual(
      dlqs.map((dlq) => `arn:stub:sst.aws.Queue:${dlq.name}`),
    );
    expect(dlqs.at(-1)?.name).toBe("EcsEventsDlq");
    expect(resourcesOf("sqs:SendMessage")).toEqual(queues.map((q) => `arn:stub:sst.aws.Queue:${q.name}`));
  });
});
