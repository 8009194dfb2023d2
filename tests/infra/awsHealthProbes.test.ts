import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeAccessPointsCommand, EFSClient } from "@aws-sdk/client-efs";
import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { type HealthCheckTarget, summarizeHealth } from "@bbws/contracts";
import { createAccountClients, runHealthProbes } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsHealthProbes } from "../../infra/lambdas/healthDeps.ts";

/**
 * The AWS live check as the API and the sweep compose it (createAwsHealthProbes): every part at
 * once under the API's 400 ms budget, the environment's account mocked (STS and the describe
 * calls), the site's answer from a real loopback server.
 */
const sts = mockClient(STSClient);
const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const efs = mockClient(EFSClient);
const secrets = mockClient(SecretsManagerClient);
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
  for (const mock of [sts, ecs, elb, efs, secrets, cognito]) mock.reset();
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
  efs.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [{ LifeCycleState: "available" }] });
  secrets.on(DescribeSecretCommand).resolves({ ARN: secretArn });
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
  const probes = createAwsHealthProbes(accounts, "bbws-dev");
  const parts = await runHealthProbes({ probes, target, partTimeoutMs: 400, now: () => 0 });
  return { parts, summary: summarizeHealth(parts) };
}

describe("the AWS live check's drift part", () => {
  it("describes every recorded resource once, in the environment's account; all there is HEALTHY", async () => {
    const { parts, summary } = await liveCheck();
    expect(summary).toEqual({ status: "HEALTHY" });
    expect(parts.map((part) => part.part)).toEqual(["service", "targets", "http", "drift"]);
    expect(parts.find((part) => part.part === "drift")?.detail).toBe(
      "all exist: compute:ecs-service, routing:target-group, routing:listener-rule, storage:access-point, storage:secret, identity:user-pool",
    );
    // The service part and the drift part share one DescribeServices.
    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", services: ["wp-acme-dev"] },
    ]);
    expect(elb.commandCalls(DescribeTargetGroupsCommand)[0]?.args[0].input).toEqual({
      TargetGroupArns: [targetGroupRef],
    });
    expect(elb.commandCalls(DescribeRulesCommand)[0]?.args[0].input).toEqual({ RuleArns: [listenerRuleRef] });
    expect(efs.commandCalls(DescribeAccessPointsCommand)[0]?.args[0].input).toEqual({
      AccessPointId: "fsap-0123456789abcdef0",
    });
    expect(secrets.commandCalls(DescribeSecretCommand)[0]?.args[0].input).toEqual({ SecretId: secretArn });
    expect(cognito.commandCalls(DescribeUserPoolCommand)[0]?.args[0].input).toEqual({
      UserPoolId: "eu-west-1_AbCdEf123",
    });
  });

  it("a deleted user pool and a secret scheduled for deletion make it DEGRADED with drift naming them", async () => {
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: "User pool does not exist." }));
    secrets.on(DescribeSecretCommand).resolves({ ARN: secretArn, DeletedDate: new Date() });
    const { summary } = await liveCheck();
    expect(summary).toEqual({
      status: "DEGRADED",
      reason: "drift: missing: storage:secret, identity:user-pool",
      drift: ["storage:secret", "identity:user-pool"],
    });
  });

  it("a describe call that is denied is the drift part's error, not drift", async () => {
    efs
      .on(DescribeAccessPointsCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    const { parts, summary } = await liveCheck();
    expect(parts.find((part) => part.part === "drift")).toMatchObject({
      outcome: "fail",
      detail: "not authorized",
    });
    expect(summary).toMatchObject({ status: "DEGRADED" });
    expect(summary.drift).toBeUndefined();
  });
});
