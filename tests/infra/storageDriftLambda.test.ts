import { DescribeAccessPointsCommand, EFSClient } from "@aws-sdk/client-efs";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createStorageDriftLambdaHandler,
  loadStorageDriftConfig,
} from "../../packages/storage/src/handlers/driftDeps.ts";
import { assumedRole, deployedEnvironments } from "./lambdaFixtures.ts";

/**
 * The storage drift function's composition root as deployed (its environment from sst.config.ts),
 * AWS mocked: it reads RDS's master secret with the served environment's role before it asks the
 * catalog, and describes the access point and the secret with the same role.
 */
const sts = mockClient(STSClient);
const secrets = mockClient(SecretsManagerClient);
const efs = mockClient(EFSClient);
let env: Record<string, string>;
beforeAll(async () => {
  env = (await deployedEnvironments())("storageDrift");
});
afterEach(() => {
  for (const mock of [sts, secrets, efs]) mock.reset();
});

const secretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/acme/dev/db-AbCdEf";
const request = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
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
};

describe("the storage drift Lambda's composition root (AWS mocked)", () => {
  it("is given the served environment, the accounts and RDS, nothing else", () => {
    expect(Object.keys(env).sort()).toEqual([
      "BBWS_ACCOUNTS",
      "BBWS_ENVIRONMENT",
      "BBWS_RDS_ENDPOINT",
      "BBWS_RDS_MASTER_SECRET_ARN",
      "BBWS_RDS_PORT",
    ]);
    expect(loadStorageDriftConfig(env).BBWS_ENVIRONMENT).toBe("dev");
  });

  it("reads the RDS master secret with the environment's role; a secret without a password is the function's error", async () => {
    sts.on(AssumeRoleCommand).resolves(assumedRole());
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: "admin" }) });
    secrets.on(DescribeSecretCommand).resolves({ ARN: secretArn });
    efs.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [{ LifeCycleState: "available" }] });
    const config = loadStorageDriftConfig(env);
    const handle = createStorageDriftLambdaHandler(config, { sts: new STSClient({}) });
    await expect(handle(request)).rejects.toMatchObject({ code: "STORAGE.SECRET_FAILED" });
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: config.BBWS_RDS_MASTER_SECRET_ARN,
    });
  });
});
