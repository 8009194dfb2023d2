import { AccessPointNotFound, DescribeAccessPointsCommand, EFSClient } from "@aws-sdk/client-efs";
import {
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { HealthCheckTarget, StorageOutputs } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsStorageDriftCheck } from "./createAwsStorageDriftCheck.ts";

const efs = new EFSClient({ region: "eu-west-1" });
const secrets = new SecretsManagerClient({ region: "eu-west-1" });
const efsMock = mockClient(efs);
const secretsMock = mockClient(secrets);
const asked: string[] = [];
const check = createAwsStorageDriftCheck({
  efsFor: (environment) => {
    asked.push(`efs:${environment}`);
    return efs;
  },
  secretsFor: (environment) => {
    asked.push(`secrets:${environment}`);
    return secrets;
  },
});
const secretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/dev/acme/db-AbCdEf";
const storage: StorageOutputs = {
  accessPointId: "fsap-0123456789abcdef0",
  rootDirectory: "/tenants/acme",
  posixUid: 20001,
  posixGid: 20001,
  databaseHost: "bbws-dev.cluster-abc.eu-west-1.rds.amazonaws.com",
  databasePort: 3306,
  databaseName: "wp_acme",
  databaseUser: "wp_acme",
  credentialsSecretRef: secretArn,
};
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: { storage },
  desiredCount: 1,
};
const missing = (on: HealthCheckTarget = target) => check.missing(on, new AbortController().signal);
const meta = { $metadata: {}, message: "not found" };
const available = {
  AccessPoints: [{ AccessPointId: storage.accessPointId, LifeCycleState: "available" as const }],
};

beforeEach(() => {
  efsMock.reset();
  secretsMock.reset();
  asked.length = 0;
});

describe("createAwsStorageDriftCheck", () => {
  it("describes the recorded access point by id and the credentials secret by ARN", async () => {
    efsMock.on(DescribeAccessPointsCommand).resolves(available);
    secretsMock.on(DescribeSecretCommand).resolves({ ARN: secretArn, Name: "bbws/dev/acme/db" });
    expect(await missing()).toEqual([]);
    expect(efsMock.commandCalls(DescribeAccessPointsCommand).map((call) => call.args[0].input)).toEqual([
      { AccessPointId: "fsap-0123456789abcdef0" },
    ]);
    expect(secretsMock.commandCalls(DescribeSecretCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: secretArn },
    ]);
    expect(asked).toEqual(["efs:dev", "secrets:dev"]);
  });

  it("names a deleted access point or secret, and a secret scheduled for deletion", async () => {
    efsMock
      .on(DescribeAccessPointsCommand)
      .rejects(new AccessPointNotFound({ ...meta, ErrorCode: "AccessPointNotFound" }));
    secretsMock.on(DescribeSecretCommand).rejects(new ResourceNotFoundException(meta));
    expect(await missing()).toEqual(["storage:access-point", "storage:secret"]);
    efsMock.on(DescribeAccessPointsCommand).resolves(available);
    secretsMock.on(DescribeSecretCommand).resolves({ ARN: secretArn, DeletedDate: new Date() });
    expect(await missing()).toEqual(["storage:secret"]);
  });

  it("rejects on any other error or a recorded secret that is not an ARN (the part's error)", async () => {
    efsMock.on(DescribeAccessPointsCommand).resolves(available);
    secretsMock
      .on(DescribeSecretCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    await expect(missing()).rejects.toThrow("not authorized");
    const local = {
      ...target,
      outputs: { storage: { ...storage, credentialsSecretRef: "local-secret:acme/db" } },
    };
    await expect(missing(local)).rejects.toThrow("not a Secrets Manager ARN");
  });

  it("checks nothing when the ledger recorded no storage", async () => {
    expect(await missing({ ...target, outputs: {} })).toEqual([]);
    expect(efsMock.calls()).toHaveLength(0);
  });
});
