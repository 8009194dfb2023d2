import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonEnv, loadLambdaConfig, ServiceLambdaConfigSchema } from "./lambdaConfig.ts";

const ACCOUNTS = JSON.stringify({
  dev: { accountId: "123456789012", region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/bbws" },
});
const ENV = {
  BBWS_ENVIRONMENT: "dev",
  BBWS_ACCOUNTS: ACCOUNTS,
  BBWS_BUS_NAME: "bus",
  BBWS_RECORDS_TABLE: "records",
  BBWS_MAX_RECEIVE_COUNT: "5",
  BBWS_LEASE_SECONDS: "30",
};

describe("loadLambdaConfig", () => {
  it("parses the common fields and a service's own", () => {
    const schema = ServiceLambdaConfigSchema.extend({ BBWS_IDS: jsonEnv(z.array(z.string())) });
    const config = loadLambdaConfig("test", schema, { ...ENV, BBWS_IDS: '["a"]' });
    expect(config.BBWS_MAX_RECEIVE_COUNT).toBe(5);
    expect(config.BBWS_LEASE_SECONDS).toBe(30);
    expect(config.BBWS_IDS).toEqual(["a"]);
    expect(config.BBWS_ACCOUNTS.dev?.region).toBe("eu-west-1");
  });

  it("names the Lambda and every bad variable", () => {
    expect(() =>
      loadLambdaConfig("test", ServiceLambdaConfigSchema, { ...ENV, BBWS_ACCOUNTS: "{", BBWS_BUS_NAME: "" }),
    ).toThrow(
      /^test Lambda: invalid configuration\n[\s\S]*must be JSON[\s\S]*BBWS_ACCOUNTS[\s\S]*BBWS_BUS_NAME/,
    );
  });
});
