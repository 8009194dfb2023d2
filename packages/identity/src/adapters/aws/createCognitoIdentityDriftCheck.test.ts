import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import type { HealthCheckTarget } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createCognitoIdentityDriftCheck } from "./createCognitoIdentityDriftCheck.ts";

const cognito = new CognitoIdentityProviderClient({ region: "eu-west-1" });
const cognitoMock = mockClient(cognito);
const asked: string[] = [];
const check = createCognitoIdentityDriftCheck({
  cognitoFor: (environment) => {
    asked.push(environment);
    return cognito;
  },
});
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {
    identity: {
      userPoolId: "eu-west-1_AbCdEf123",
      appClientId: "1example23456789",
      hostedDomain: "bbws-acme-dev.auth.eu-west-1.amazoncognito.com",
      clientSecretRef: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/dev/acme/sso-client-AbCdEf",
    },
  },
  desiredCount: 1,
};
const missing = (on: HealthCheckTarget = target) => check.missing(on, new AbortController().signal);

beforeEach(() => {
  cognitoMock.reset();
  asked.length = 0;
});

describe("createCognitoIdentityDriftCheck", () => {
  it("describes the recorded user pool in the environment's account", async () => {
    cognitoMock.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: "eu-west-1_AbCdEf123" } });
    expect(await missing()).toEqual([]);
    expect(cognitoMock.commandCalls(DescribeUserPoolCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: "eu-west-1_AbCdEf123" },
    ]);
    expect(asked).toEqual(["dev"]);
  });

  it("names a deleted pool as identity drift", async () => {
    cognitoMock
      .on(DescribeUserPoolCommand)
      .rejects(new ResourceNotFoundException({ $metadata: {}, message: "User pool does not exist." }));
    expect(await missing()).toEqual(["identity:user-pool"]);
  });

  it("rejects on any other error (the part's error), checks nothing with no identity recorded", async () => {
    cognitoMock
      .on(DescribeUserPoolCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));
    await expect(missing()).rejects.toThrow("Rate exceeded");
    cognitoMock.resetHistory();
    expect(await missing({ ...target, outputs: {} })).toEqual([]);
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});
