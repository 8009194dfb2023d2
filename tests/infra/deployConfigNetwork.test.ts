import { describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";

/** Network isolation of the tenants' tasks: their group admits port 80 from the ALBs' group only. */
describe("deploy configuration: the tasks' security group", () => {
  const infra = JSON.parse(DEPLOY_ENV.BBWS_SHARED_INFRA ?? "{}");
  const load = (change: object) =>
    loadDeployConfig({ ...DEPLOY_ENV, BBWS_SHARED_INFRA: JSON.stringify({ ...infra, ...change }) }, "dev");

  it("accepts a tasks' group of its own beside the ALBs' group", () => {
    expect(load({}).infra).toMatchObject({
      tasks: { securityGroupIds: ["sg-0ccc3333"] },
      albSecurityGroupIds: ["sg-0fff6666"],
    });
  });

  it("requires the ALBs' group: the only source the tasks' group may admit", () => {
    const { albSecurityGroupIds: _none, ...without } = infra;
    expect(() =>
      loadDeployConfig({ ...DEPLOY_ENV, BBWS_SHARED_INFRA: JSON.stringify(without) }, "dev"),
    ).toThrow(/→ at BBWS_SHARED_INFRA\.albSecurityGroupIds/);
  });

  it("refuses a tasks' group that is also an ALB's group (it would admit itself), saying what to do", () => {
    expect(() => load({ albSecurityGroupIds: ["sg-0fff6666", "sg-0ccc3333"] })).toThrow(
      /sg-0ccc3333 is also an ALB group: give the tasks a group of their own that admits TCP 80 from the ALBs' group only, with no rule referencing itself.*\s+→ at BBWS_SHARED_INFRA\.tasks\.securityGroupIds/,
    );
  });

  it("refuses a tasks' group shared with the storage function", () => {
    expect(() =>
      load({ storageLambda: { ...infra.storageLambda, securityGroupIds: ["sg-0ccc3333"] } }),
    ).toThrow(/sg-0ccc3333 is also the storage function's group/);
  });
});
