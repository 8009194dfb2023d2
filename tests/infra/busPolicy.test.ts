import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tenantManagementBusPolicy, tenantManagementPublisherPolicy } from "../../infra/busPolicy.ts";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { DEPLOY_ENV, TENANT_MANAGEMENT_ACCOUNT } from "./deployFixture.ts";
import { type Evaluated, evaluateSstConfig, ofType } from "./evaluateSstConfig.ts";
import { busOf } from "./wiringQueries.ts";

/** Tenant Management's door on AWS: the deployed bus policy, and the one docs/integration.md shows. */
let deployed: Evaluated;
beforeAll(async () => {
  deployed = await evaluateSstConfig("dev");
});

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "integration.md"), "utf8");
const placeholders = { busArn: "<our bus ARN>", accountId: "<Tenant Management account id>" };

describe("the bus resource policy", () => {
  it("lets Tenant Management's account put TenantCreated on our bus, and nothing else", () => {
    const policies = ofType(deployed.resources, "aws.cloudwatch.EventBusPolicy");
    expect(policies).toHaveLength(1);
    const bus = busOf(deployed.resources);
    expect(policies[0]?.args.eventBusName).toBe(`name:${bus.name}`);
    const busArn = `arn:aws:events:eu-west-1:999988887777:event-bus/${bus.name}`;
    expect(JSON.parse(policies[0]?.args.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "TenantManagementPutsTenantCreated",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${TENANT_MANAGEMENT_ACCOUNT}:root` },
          Action: "events:PutEvents",
          Resource: busArn,
          Condition: {
            "ForAllValues:StringEquals": { "events:source": ["bbws.tenant-management"] },
            StringEquals: { "events:detail-type": ["TenantCreated"] },
          },
        },
      ],
    });
  });

  it("is what docs/integration.md shows, with the publisher's identity policy", () => {
    expect(doc).toContain(JSON.stringify(tenantManagementBusPolicy(placeholders), null, 2));
    expect(doc).toContain(JSON.stringify(tenantManagementPublisherPolicy(placeholders), null, 2));
  });

  it("needs Tenant Management's account id to deploy", () => {
    const { BBWS_TENANT_MANAGEMENT_ACCOUNT_ID: _, ...without } = DEPLOY_ENV;
    expect(() => loadDeployConfig(without, "dev")).toThrow(/BBWS_TENANT_MANAGEMENT_ACCOUNT_ID/);
    expect(() =>
      loadDeployConfig({ ...DEPLOY_ENV, BBWS_TENANT_MANAGEMENT_ACCOUNT_ID: "acme" }, "dev"),
    ).toThrow(/12-digit AWS account id/);
  });
});
