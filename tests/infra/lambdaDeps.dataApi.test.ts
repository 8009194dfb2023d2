import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { silentLogger } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiLambdaHandler, loadApiConfig } from "../../infra/lambdas/apiDeps.ts";
import { createStorageLambdaHandler, loadStorageConfig } from "../../packages/storage/src/handlers/deps.ts";
import {
  assumedRole,
  context,
  deployedEnvironments,
  fixture,
  published,
  sqsEvent,
  useMockedMeshClients,
} from "./lambdaFixtures.ts";

/** The composition roots of storage (RDS admin pool from the master secret) and the API, with AWS mocked. */
let envOf: Awaited<ReturnType<typeof deployedEnvironments>>;
beforeAll(async () => {
  envOf = await deployedEnvironments();
});

describe("behaviour of the composition roots (AWS mocked)", () => {
  const secrets = mockClient(SecretsManagerClient);
  const { bridge, dynamo, sts } = useMockedMeshClients(secrets);

  it("storage: reads the RDS master secret with the environment's role; a secret without a password fails for good", async () => {
    sts.on(AssumeRoleCommand).resolves(assumedRole());
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: "admin" }) });
    const env = envOf("storage");
    const handler = createStorageLambdaHandler(loadStorageConfig(env), silentLogger);
    expect(await handler(sqsEvent(fixture("InstanceRequested")), context)).toEqual({ batchItemFailures: [] });
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: env.BBWS_RDS_MASTER_SECRET_ARN,
    });
    const [answer] = published(bridge);
    expect(answer?.DetailType).toBe("StorageFailed");
    expect(JSON.parse(answer?.Detail ?? "{}").data).toMatchObject({
      code: "STORAGE.SECRET_FAILED",
      retryable: false,
    });
  });

  it("api: serves its documentation without a token, and reads the ledger table for a viewer", async () => {
    const handler = createApiLambdaHandler(loadApiConfig(envOf("api")), silentLogger);
    const request = (method: string, path: string, claims?: object, headers: object = {}) =>
      handler(
        {
          version: "2.0",
          routeKey: "$default",
          rawPath: path,
          rawQueryString: "",
          headers,
          isBase64Encoded: false,
          requestContext: {
            http: { method, path, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "test" },
            requestId: "r-1",
            ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
          },
        } as never,
        context,
      ) as Promise<{ statusCode: number }>;
    expect((await request("GET", "/openapi.json")).statusCode).toBe(200);
    const instanceId = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
    const viewer = { sub: "u-1", "cognito:groups": "[platform-viewers]" };
    expect((await request("GET", `/v1.0/instances/${instanceId}`, viewer)).statusCode).toBe(404);
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input.TableName).toBe(
      envOf("api").BBWS_LEDGER_TABLE,
    );
    expect((await request("GET", `/v1.0/instances/${instanceId}`)).statusCode).toBe(401);
    // The live check is wired (it would answer 501 without): an unknown instance is 404.
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(UpdateItemCommand).resolves({});
    dynamo.on(DeleteItemCommand).resolves({});
    const key = { "idempotency-key": "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b" };
    expect((await request("POST", `/v1.0/instances/${instanceId}/health`, viewer, key)).statusCode).toBe(404);
  });
});
