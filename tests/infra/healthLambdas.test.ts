import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { ecsHealthEventPattern } from "@bbws/contracts";
import {
  answerAsServices,
  createDynamoLedgerStore,
  createLedgerService,
  createLedgerTable,
} from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createEcsEventsLambda } from "../../infra/lambdas/ecsEvents.ts";
import {
  type HealthLambdaConfig,
  type HealthSweepLambdaConfig,
  loadHealthConfig,
  loadHealthSweepConfig,
} from "../../infra/lambdas/healthDeps.ts";
import { createHealthSweepLambda } from "../../infra/lambdas/healthSweep.ts";
import { sampleSpec } from "../../packages/ledger/src/testing/sampleRecords.ts";
import { context, deployedEnvironments } from "./lambdaFixtures.ts";

/**
 * The ECS events consumer and the health sweep as deployed (their environment from sst.config.ts),
 * on a real ledger table (DynamoDB Local), with the environment's account mocked (STS, ECS, ELB)
 * and the site's answer from a real loopback server.
 */
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `ledger-${randomUUID()}`;
const sts = mockClient(STSClient);
const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const cognito = mockClient(CognitoIdentityProviderClient);
const iam = mockClient(IAMClient);
const lambdaClient = new LambdaClient({ region: "eu-west-1" });
const lambda = mockClient(lambdaClient);
let site: Server;
let siteStatus = 200;
let config: HealthLambdaConfig;
let sweepConfig: HealthSweepLambdaConfig;

beforeAll(async () => {
  await createLedgerTable(dynamo, tableName);
  site = createServer((_request, response) => response.writeHead(siteStatus).end("wordpress"));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const envOf = await deployedEnvironments();
  config = { ...loadHealthConfig(envOf("ecsEvents")), BBWS_LEDGER_TABLE: tableName };
  // The sweep is given what the consumer is, and the storage drift function its drift part invokes.
  sweepConfig = { ...loadHealthSweepConfig(envOf("healthSweep")), BBWS_LEDGER_TABLE: tableName };
  expect(sweepConfig).toEqual({ ...config, BBWS_STORAGE_DRIFT_FUNCTION: "bbws-dev-storage-drift" });
});

afterAll(async () => {
  await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  site.close();
});

beforeEach(() => {
  for (const mock of [sts, ecs, elb, cognito, iam, lambda]) mock.reset();
  siteStatus = 200;
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: "AKIA",
      SecretAccessKey: "secret",
      SessionToken: "token",
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
});

const ledgerStore = () => createDynamoLedgerStore({ client: dynamo, tableName });

/**
 * An ACTIVE instance of the tenant in dev, its site on the loopback server. Fixed tenant ids (the
 * table is this file's own): the IAM requests recorded from this file stay the same every run.
 */
async function activeInstance(tenantId: string): Promise<{ tenantId: string; instanceId: string }> {
  const store = ledgerStore();
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN },
  });
  const instanceId = randomUUID();
  await ledger.handleCommand({
    operation: "provision",
    instanceId,
    operationId: randomUUID(),
    correlationId: "c",
    requestedBy: "test",
    spec: sampleSpec({ tenantId, environment: "dev" }),
  });
  const port = (site.address() as AddressInfo).port;
  await answerAsServices(
    { ledger, store, siteUrl: (tenant) => `http://${tenant}.localhost:${port}/` },
    instanceId,
  );
  return { tenantId, instanceId };
}

const health = async (instanceId: string) => (await ledgerStore().get(instanceId))?.record.health;

function sqsOf(body: unknown): SQSEvent {
  const record = (messageId: string, text: string) => ({
    messageId,
    receiptHandle: "r",
    body: text,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "s",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:q",
    awsRegion: "eu-west-1",
  });
  return { Records: [record("m-ok", JSON.stringify(body)), record("m-bad", "not json")] };
}

describe("the ECS events consumer Lambda", () => {
  it("folds a stopped task of a tenant's service with the service's counts (DescribeServices in the environment's account)", async () => {
    const { tenantId, instanceId } = await activeInstance("acme");
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: `wp-${tenantId}-dev`, status: "ACTIVE", runningCount: 0, desiredCount: 1 }],
    });
    const event = JSON.parse(
      readFileSync(
        new URL("../../packages/ledger/src/application/fixtures/ecsTaskStateChange.json", import.meta.url),
        "utf8",
      ),
    );
    const now = new Date().toISOString();
    Object.assign(event, { id: randomUUID(), time: now });
    Object.assign(event.detail, {
      clusterArn: config.BBWS_ECS_CLUSTER_ARN,
      group: `service:wp-${tenantId}-dev`,
      lastStatus: "STOPPED",
      stoppedReason: "Essential container in task exited",
      stoppedAt: now,
    });
    const lambda = createEcsEventsLambda(config, silentLogger, { dynamo, sts: new STSClient({}) });
    // The record that is not JSON comes back (and reaches the DLQ after 5 receives); the other is done.
    expect(await lambda(sqsOf(event), context)).toEqual({ batchItemFailures: [{ itemIdentifier: "m-bad" }] });
    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", services: [`wp-${tenantId}-dev`] },
    ]);
    expect(await health(instanceId)).toMatchObject({ status: "UNHEALTHY", observer: "ecs-event" });
  });

  it("the deployed cluster ARN is the one the rule's pattern names", () => {
    expect(config.BBWS_ECS_CLUSTER_ARN).toBe("arn:aws:ecs:eu-west-1:111122223333:cluster/bbws-dev");
    expect(ecsHealthEventPattern(config.BBWS_ECS_CLUSTER_ARN).detail.clusterArn).toEqual([
      config.BBWS_ECS_CLUSTER_ARN,
    ]);
  });
});

describe("the health sweep Lambda", () => {
  it("checks a never-checked ACTIVE instance with the AWS probes and folds what it found", async () => {
    const { tenantId, instanceId } = await activeInstance("beta");
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: `wp-${tenantId}-dev`,
          status: "ACTIVE",
          runningCount: 1,
          desiredCount: 1,
          deployments: [{}],
        },
      ],
    });
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [{ Target: { Id: "10.0.1.5" }, TargetHealth: { State: "healthy" } }],
    });
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: `local_${tenantId}` } });
    iam.on(GetRoleCommand).resolves({});
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode(JSON.stringify({ missing: ["storage:database-user"] })) as never,
    });
    siteStatus = 503;
    const sweep = createHealthSweepLambda(sweepConfig, silentLogger, {
      dynamo,
      sts: new STSClient({}),
      lambda: lambdaClient,
    });
    const { checked } = await sweep();
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toContainEqual({
      cluster: "bbws-dev",
      services: [`wp-${tenantId}-dev`],
    });
    expect(elb.commandCalls(DescribeTargetHealthCommand).map((call) => call.args[0].input)).toContainEqual({
      TargetGroupArn: `tg-${tenantId}-dev`,
    });
    const after = await health(instanceId);
    expect(after).toMatchObject({ observer: "sweep" });
    expect(after?.status).not.toBe("HEALTHY");
    expect(after?.reason).toContain("503");
    // The drift part ran too: the recorded user pool described in the environment's account.
    expect(cognito.commandCalls(DescribeUserPoolCommand).map((call) => call.args[0].input)).toContainEqual({
      UserPoolId: `local_${tenantId}`,
    });
    // Storage's share: the storage drift function in the VPC, asked about the recorded outputs.
    const recorded = (await ledgerStore().get(instanceId))?.record.outputs.storage;
    const asked = lambda
      .commandCalls(InvokeCommand)
      .map((call) => call.args[0].input)
      .filter(
        (input) =>
          JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)).instanceId === instanceId,
      );
    expect(
      asked.map((input) => ({
        ...input,
        Payload: JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)),
      })),
    ).toEqual([
      {
        FunctionName: "bbws-dev-storage-drift",
        InvocationType: "RequestResponse",
        Payload: { instanceId, tenantId, environment: "dev", storage: recorded },
      },
    ]);
    expect(after?.drift).toContain("storage:database-user");
    // Checked just now: the next run leaves it alone.
    ecs.resetHistory();
    await sweep();
    expect(
      ecs
        .commandCalls(DescribeServicesCommand)
        .filter((call) => call.args[0].input.services?.[0] === `wp-${tenantId}-dev`),
    ).toHaveLength(0);
  });
});
