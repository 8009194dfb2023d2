import { describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { actionsOf } from "../../infra/iamTable.ts";
import { WORKLOAD_GRANTS } from "../../infra/workloadGrants.ts";
import {
  WORKLOAD_ROLE_USERS,
  workloadPermissions,
  workloadRolesReport,
  workloadTrust,
} from "../../infra/workloadPolicy.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";

const config = loadDeployConfig(DEPLOY_ENV, "dev");
const actionsIn = (policy: ReturnType<typeof workloadPermissions>) =>
  [...new Set(policy.Statement.flatMap((statement) => statement.Action as string[]))].sort();

describe("the role assumed in each environment's account", () => {
  it("grants the served environment exactly the workload half of the IAM table, every placeholder resolved", () => {
    const policy = workloadPermissions(config, "dev");
    expect(actionsIn(policy)).toEqual(actionsOf(Object.values(WORKLOAD_GRANTS).flat()));
    const resources = policy.Statement.flatMap((statement) => statement.Resource as string[]);
    expect(resources.filter((resource) => resource.includes("{"))).toEqual([]);
    expect(resources).toContain("arn:aws:ecs:eu-west-1:111122223333:service/bbws-dev/wp-*");
    // compute's install task: RunTask of the tenant's revisions, DescribeTasks in the cluster.
    expect(resources).toContain("arn:aws:ecs:eu-west-1:111122223333:task-definition/wp-*:*");
    expect(resources).toContain("arn:aws:ecs:eu-west-1:111122223333:task/bbws-dev/*");
    expect(resources).toContain(
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/bbws-1/50dc6c495c0c9188/f2f7dc8efc522ab2/*",
    );
    // IAM's limit for a role's inline policies is 10,240 characters (whitespace not counted).
    expect(JSON.stringify(policy).length).toBeLessThan(10_240);
    // Statements that share resources and conditions are merged: no two have the same scope.
    const scopes = policy.Statement.map((entry) => JSON.stringify([entry.Resource, entry.Condition ?? null]));
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it("grants routing's alias records on the configured hosted zone only, and nothing of Route 53 without one", () => {
    const statements = workloadPermissions(config, "dev").Statement;
    const route53 = statements.filter((statement) => String(statement.Action).startsWith("route53:"));
    // Routing writes the records; the orphan scan deletes leftover ones: one grant, merged into one statement.
    const zoneOnly = [
      ["route53:ChangeResourceRecordSets"],
      ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"],
    ];
    expect(route53.map((statement) => [statement.Action, statement.Resource])).toEqual([zoneOnly]);
    const infra = JSON.parse(DEPLOY_ENV.BBWS_SHARED_INFRA ?? "{}") as Record<string, unknown>;
    const { hostedZoneId: _zone, ...withoutZone } = infra;
    const wildcard = loadDeployConfig(
      { ...DEPLOY_ENV, BBWS_SHARED_INFRA: JSON.stringify(withoutZone) },
      "dev",
    );
    const policy = workloadPermissions(wildcard, "dev");
    expect(JSON.stringify(policy)).not.toContain("route53:");
    expect(policy.Statement.every((statement) => (statement.Resource as string[]).length > 0)).toBe(true);
  });

  it("grants another mapped account only what identity and the API's logs need there", () => {
    const policy = workloadPermissions(config, "sit");
    expect(actionsIn(policy)).toEqual(actionsOf([...WORKLOAD_GRANTS.identity, ...WORKLOAD_GRANTS.api]));
    expect(JSON.stringify(policy)).toContain(":444455556666:");
  });

  it("is trusted by exactly the functions that assume it", () => {
    expect([...WORKLOAD_ROLE_USERS].sort()).toEqual([
      "api",
      "compute",
      "ecsEvents",
      "healthSweep",
      "identity",
      "orphanScan",
      "routing",
      "storage",
      "storageDrift",
    ]);
    const trust = JSON.stringify(workloadTrust(config, "123456789012"));
    for (const name of [
      "bbws-dev-identity",
      "bbws-dev-storage",
      "bbws-dev-routing",
      "bbws-dev-compute",
      "bbws-dev-api",
      "bbws-dev-orphan-scan",
      "bbws-dev-ecs-events",
      "bbws-dev-health-sweep",
      "bbws-dev-storage-drift",
    ])
      expect(trust).toContain(`arn:aws:iam::123456789012:role/${name}`);
    expect(trust).not.toContain("bbws-dev-ledger");
  });

  it("prints one role per mapped account (infra/printWorkloadPolicies.ts), or its usage", () => {
    const report = workloadRolesReport(["123456789012", "dev"], DEPLOY_ENV);
    expect(report.ok && Object.keys(JSON.parse(report.json))).toEqual(["dev", "sit"]);
    expect(workloadRolesReport(["12345"], DEPLOY_ENV)).toMatchObject({ ok: false, usage: /usage:/ });
  });
});
