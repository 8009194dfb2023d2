import { describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";

describe("deploy-time configuration (BBWS_* variables)", () => {
  it("defaults the environment to the stage, derives the operators' issuer, fills the WordPress defaults", () => {
    const config = loadDeployConfig(DEPLOY_ENV, "dev");
    expect(config.environment).toBe("dev");
    expect(config.account.accountId).toBe("111122223333");
    expect(config.operatorsPool.issuer).toBe(
      "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
    );
    expect(config.wordpress.version).toMatch(/^\d+\.\d+/);
    expect(config.imageTemplate).toContain("{version}");
  });

  it("names the variable and the field that is wrong", () => {
    const infra = { ...JSON.parse(DEPLOY_ENV.BBWS_SHARED_INFRA ?? "{}"), vpcId: "vpc-x" };
    expect(() =>
      loadDeployConfig({ ...DEPLOY_ENV, BBWS_SHARED_INFRA: JSON.stringify(infra) }, "dev"),
    ).toThrow(/vpcId must look like vpc-0123abcd\s+→ at BBWS_SHARED_INFRA\.vpcId/);
    expect(() => loadDeployConfig({ ...DEPLOY_ENV, BBWS_OPERATORS_POOL: "{" }, "dev")).toThrow(
      /must be JSON\s+→ at BBWS_OPERATORS_POOL/,
    );
  });

  it("refuses an ALB whose priority range does not fit, saying what to fix", () => {
    const infra = JSON.parse(DEPLOY_ENV.BBWS_SHARED_INFRA ?? "{}");
    const withPool = (entry: object) =>
      loadDeployConfig(
        {
          ...DEPLOY_ENV,
          BBWS_SHARED_INFRA: JSON.stringify({ ...infra, albPool: [{ ...infra.albPool[0], ...entry }] }),
        },
        "dev",
      );
    expect(withPool({ priorityOffset: 20, ownRules: 20 }).infra.albPool[0]).toMatchObject({
      priorityOffset: 20,
      ownRules: 20,
    });
    expect(() => withPool({ ownRules: 20, capacity: 90 })).toThrow(
      /capacity 90 exceeds the ALB's rule quota: 100 rules minus its 20 own rules leaves 80\s+→ at BBWS_SHARED_INFRA\.albPool/,
    );
    expect(() => withPool({ priorityOffset: 49_950, capacity: 60 })).toThrow(
      /priorities 49951\.\.50010 go past 50000, the highest listener rule priority/,
    );
  });

  it("refuses a stage that is no environment unless BBWS_ENVIRONMENT says which", () => {
    expect(() => loadDeployConfig(DEPLOY_ENV, "feature-x")).toThrow(/BBWS_ENVIRONMENT/);
    expect(loadDeployConfig({ ...DEPLOY_ENV, BBWS_ENVIRONMENT: "dev" }, "feature-x").environment).toBe("dev");
  });

  it("refuses to serve an environment the accounts map does not reach", () => {
    expect(() => loadDeployConfig(DEPLOY_ENV, "prod")).toThrow(/BBWS_ACCOUNTS has no entry for prod/);
  });
});
