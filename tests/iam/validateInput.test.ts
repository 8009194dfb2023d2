import { describe, expect, it } from "vitest";
import { serviceModels } from "./serviceModels.ts";
import { validateInput } from "./validateInput.ts";

/** Recorded inputs against AWS's own service models (tests/iam/serviceModels.json, from python3-botocore). */
describe("validateInput", () => {
  it("comes from botocore's models", () => {
    expect(serviceModels().botocore).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("accepts a well-formed input", () => {
    const input = { Name: "bbws/acme/dev/sso-client", Tags: [{ Key: "bbws:tenantId", Value: "acme" }] };
    expect(validateInput("SecretsManagerClient", "CreateSecretCommand", input)).toEqual({
      checked: true,
      problems: [],
    });
  });

  it("names a missing required member, an unknown member, a length and an enum", () => {
    expect(validateInput("SecretsManagerClient", "CreateSecretCommand", { Nmae: "x" }).problems).toEqual([
      "CreateSecret: Name is required",
      "CreateSecret: Nmae is not a member of CreateSecretRequest",
    ]);
    expect(
      validateInput("SecretsManagerClient", "CreateSecretCommand", { Name: "n".repeat(513) }).problems,
    ).toEqual(["CreateSecret: Name 513 characters, more than 512"]);
    expect(
      validateInput("ECSClient", "CreateServiceCommand", { serviceName: "wp-acme-dev", launchType: "LAMBDA" })
        .problems,
    ).toEqual(['CreateService: launchType "LAMBDA" is not one of EC2, FARGATE, EXTERNAL']);
  });

  it("checks patterns deep in lists and structures", () => {
    const problems = validateInput("EFSClient", "DeleteAccessPointCommand", {
      AccessPointId: "fsap-0abc",
    }).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DeleteAccessPoint: AccessPointId "fsap-0abc" does not match/);
    const tags = validateInput("EFSClient", "CreateAccessPointCommand", {
      FileSystemId: "fs-0123456789abcdef0",
      Tags: [{ Key: "k".repeat(129), Value: "v" }],
    }).problems;
    expect(tags).toEqual(["CreateAccessPoint: Tags[0].Key 129 characters, more than 128"]);
  });

  it("leaves an operation the models do not know unchecked", () => {
    expect(validateInput("SQSClient", "StartMessageMoveTaskCommand", {})).toEqual({
      checked: false,
      problems: [],
    });
  });
});
