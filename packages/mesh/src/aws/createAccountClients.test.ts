import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { AccountsMapSchema, createAccountClients } from "./createAccountClients.ts";

const accounts = AccountsMapSchema.parse({
  dev: {
    accountId: "111111111111",
    region: "eu-west-1",
    roleArn: "arn:aws:iam::111111111111:role/bbws-instance-management",
  },
  prod: {
    accountId: "333333333333",
    region: "af-south-1",
    roleArn: "arn:aws:iam::333333333333:role/bbws-instance-management",
  },
});

function stsAnswering(expiresAt: number) {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: "AKIAEXAMPLE",
      SecretAccessKey: "secret",
      SessionToken: "token",
      Expiration: new Date(expiresAt),
    },
  });
  return sts;
}

describe("createAccountClients", () => {
  it("assumes the environment's role once and caches the credentials until shortly before expiry", async () => {
    let now = 0;
    const sts = stsAnswering(60 * 60_000);
    const factory = createAccountClients({
      accounts,
      sts: new STSClient({}),
      sessionName: "bbws",
      now: () => now,
    });
    const [first, second] = await Promise.all([factory.configFor("dev"), factory.configFor("dev")]);
    expect(first).toEqual(second);
    expect(first.region).toBe("eu-west-1");
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: "arn:aws:iam::111111111111:role/bbws-instance-management",
      RoleSessionName: "bbws-dev",
      DurationSeconds: 3600,
    });
    now = 56 * 60_000; // within 5 minutes of expiry
    await factory.configFor("dev");
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("builds one client per environment and name, in that account's region", () => {
    stsAnswering(60 * 60_000);
    const factory = createAccountClients({ accounts, sts: new STSClient({}), sessionName: "bbws" });
    const make = (config: { region: string }) => ({ region: config.region });
    expect(factory.client("prod", make, "ecs")).toBe(factory.client("prod", make, "ecs"));
    expect(factory.client("prod", make, "ecs").region).toBe("af-south-1");
    expect(() => factory.client("sit", make, "ecs")).toThrow(/no AWS account configured for environment sit/);
  });

  it("rejects a malformed accounts map with a message saying what to fix", () => {
    const result = AccountsMapSchema.safeParse({
      dev: { accountId: "12", region: "eu-west-1", roleArn: "nope" },
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "accountId must be 12 digits",
      "roleArn must be an IAM role ARN",
    ]);
  });
});
