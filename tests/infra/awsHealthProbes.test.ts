import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { type HealthCheckTarget, summarizeHealth } from "@bbws/contracts";
import { createAccountClients, runHealthProbes } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsHealthProbes } from "../../infra/lambdas/healthDeps.ts";

/**
 * The AWS live check as the API and the sweep compose it (createAwsHealthProbes): every part at
 * once under the API's 400 ms budget, the environment's account mocked (STS and the describe
 * calls), the storage drift function's answer (Lambda Invoke) mocked, the site's answer from a
 * real loopback server.
 */
const sts = mockClient(STSClient);
const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const iam = mockClient(IAMClient);
const lambdaClient = new LambdaClient({ region: "eu-west-1" });
const lambda = mockClient(lambdaClient);
const driftAnswer = (missing: string[]) => ({
  StatusCode: 200,
  Payload: new TextEncoder().encode(JSON.stringify({ missing })) as never,
});
const cognito = mockClient(CognitoIdentityProviderClient);
const account = "111122223333";
const arn = (service: string, resource: string) => `arn:aws:${service}:eu-west-1:${account}:${resource}`;
const targetGroupRef = arn("elasticloadbalancing", "targetgroup/tg-acme-dev/0123456789abcdef");
const listenerRuleRef = arn(
  "elasticloadbalancing",
  "listener-rule/app/bbws-dev-1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
);
const secretArn = arn("secretsmanager", "secret:bbws/dev/acme/db-AbCdEf");
let site: Server;
let target: HealthCheckTarget;

beforeAll(async () => {
  site = createServer((_request, response) => response.writeHead(200).end("wordpress"));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  target = {
    instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
    tenantId: "acme",
    environment: "dev",
    desiredCount: 1,
    url,
    outputs: {
      identity: {
        userPoolId: "eu-west-1_AbCdEf123",
        appClientId: "1example23456789",
        hostedDomain: "bbws-acme-dev",
        clientSecretRef: arn("secretsmanager", "secret:bbws/dev/acme/sso-client-AbCdEf"),
      },
      storage: {
        accessPointId: "fsap-0123456789abcdef0",
        rootDirectory: "/tenants/acme",
        posixUid: 20001,
        posixGid: 20001,
        databaseHost: "bbws-dev.cluster-abc.eu-west-1.rds.amazonaws.com",
        databasePort: 3306,
        databaseName: "wp_acme",
        databaseUser: "wp_acme",
        credentialsSecretRef: secretArn,
      },
      routing: { targetGroupRef, listenerRuleRef, hostname: "acme.example.com", url },
      compute: {
        serviceRef: arn("ecs", "service/bbws-dev/wp-acme-dev"),
        taskDefinitionRef: arn("ecs", "task-definition/wp-acme-dev:3"),
        desiredCount: 1,
      },
    },
  };
});

afterAll(() => site.close());

beforeEach(() => {
  for (const mock of [sts, ecs, elb, iam, lambda, cognito]) mock.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: "AKIA",
      SecretAccessKey: "secret",
      SessionToken: "token",
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      { serviceName: "wp-acme-dev", status: "ACTIVE", runningCount: 1, desiredCount: 1, deployments: [{}] },
    ],
  });
  elb.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [{ Target: { Id: "10.0.1.5" }, TargetHealth: { State: "healthy" } }],
  });
  elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: targetGroupRef }] });
  elb.on(DescribeRulesCommand).resolves({ Rules: [{ RuleArn: listenerRuleRef }] });
  iam.on(GetRoleCommand).resolves({});
  lambda.on(InvokeCommand).resolves(driftAnswer([]));
  cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: "eu-west-1_AbCdEf123" } });
});

async function liveCheck() {
  const accounts = createAccountClients({
    accounts: {
      dev: {
        accountId: account,
        region: "eu-west-1",
        roleArn: `arn:aws:iam::${account}:role/bbws-dev-workload`,
      },
    },
    sts: new STSClient({}),
    sessionName: "bbws-health",
  });
  const probes = createAwsHealthProbes(accounts, "bbws-dev", {
    lambda: lambdaClient,
    functionName: "bbws-dev-storage-drift",
  });
  const parts = await runHealthProbes({ probes, target, partTimeoutMs: 400, now: () => 0 });
  return { parts, summary: summarizeHealth(parts) };
}

describe("the AWS live check's drift part", () => {
  it("describes every recorded resource once, in the environment's account; all there is HEALTHY", async () => {
    const { parts, summary } = await liveCheck();
    expect(summary).toEqual({ status: "HEALTHY" });
    expect(parts.map((part) => part.part)).toEqual(["service", "targets", "http", "drift"]);
    expect(parts.find((part) => part.part === "drift")?.detail).toBe(
      "all exist: compute:ecs-service, compute:task-role, routing:target-group, routing:listener-rule, storage:database, storage:database-user, storage:access-point, storage:secret, identity:user-pool",
    );
    // The service part and the drift part share one DescribeServices.
    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", services: ["wp-acme-dev"] },
    ]);
    expect(elb.commandCalls(DescribeTargetGroupsCommand)[0]?.args[0].input).toEqual({
      TargetGroupArns: [targetGroupRef],
    });
    expect(elb.commandCalls(DescribeRulesCommand)[0]?.args[0].input).toEqual({ RuleArns: [listenerRuleRef] });
    expect(iam.commandCalls(GetRoleCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: "wp-acme-dev-task" },
    ]);
    // Storage's four: one synchronous Invoke of the storage drift function, with the recorded outputs.
    const invoked = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(
      invoked.map((input) => ({
        ...input,
        Payload: JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)),
      })),
    ).toEqual([
      {
        FunctionName: "bbws-dev-storage-drift",
        InvocationType: "RequestResponse",
        Payload: {
          instanceId: target.instanceId,
          tenantId: "acme",
          environment: "dev",
          storage: target.outputs.storage,
        },
      },
    ]);
    expect(cognito.commandCalls(DescribeUserPoolCommand)[0]?.args[0].input).toEqual({
      UserPoolId: "eu-west-1_AbCdEf123",
    });
  });

  it("a dropped database user, a deleted task role and user pool make it DEGRADED with drift naming them", async () => {
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: "User pool does not exist." }));
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ $metadata: {}, message: "no role" }));
    lambda.on(InvokeCommand).resolves(driftAnswer(["storage:database-user"]));
    const { summary } = await liveCheck();
    expect(summary).toEqual({
      status: "DEGRADED",
      reason: "drift: missing: compute:task-role, storage:database-user, identity:user-pool",
      drift: ["compute:task-role", "storage:database-user", "identity:user-pool"],
    });
  });

  it("a describe call that is denied, or the storage drift function failing, is the drift part's error, not drift", async () => {
    iam.on(GetRoleCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    const denied = await liveCheck();
    expect(denied.parts.find((part) => part.part === "drift")).toMatchObject({
      outcome: "fail",
      detail: "not authorized",
    });
    expect(denied.summary).toMatchObject({ status: "DEGRADED" });
    expect(denied.summary.drift).toBeUndefined();
    iam.on(GetRoleCommand).resolves({});
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: new TextEncoder().encode(
        JSON.stringify({
          errorType: "StorageError",
          errorMessage: "look up the database: connect ETIMEDOUT",
        }),
      ) as never,
    });
    const failed = await liveCheck();
    expect(failed.parts.find((part) => part.part === "drift")?.outcome).toBe("fail");
    expect(failed.summary.drift).toBeUndefined();
  });

  it("a storage drift function that does not answer within the part's budget is a timed-out part, not drift", async () => {
    lambda
      .on(InvokeCommand)
      .callsFake(
        () => new Promise((resolve) => setTimeout(() => resolve(driftAnswer(["storage:database"])), 1_000)),
      );
    const { parts, summary } = await liveCheck();
    expect(parts.find((part) => part.part === "drift")?.outcome).not.toBe("warn");
    expect(summary.drift).toBeUndefined();
  });
});
