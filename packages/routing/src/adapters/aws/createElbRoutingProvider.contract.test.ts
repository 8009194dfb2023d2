import { randomUUID } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { buildInstanceSpec, resourceNames } from "@bbws/contracts";
import { createMemoryResourceRecords } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEREGISTRATION_DELAY_SECONDS } from "../../domain/deregistrationDelay.ts";
import { createFakeElb } from "../../testing/fakeElb.ts";
import { createFakeRoute53 } from "../../testing/fakeRoute53.ts";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { describeRoutingProviderContract } from "../routingProviderContract.ts";
import { createDynamoRuleSlots } from "./createDynamoRuleSlots.ts";
import { createElbRoutingProvider } from "./createElbRoutingProvider.ts";
import { createRuleSlotTable } from "./ruleSlotTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `routing-contract-${randomUUID()}`;
const clock = () => new Date("2026-11-22T10:00:00.000Z");

beforeAll(() => createRuleSlotTable(dynamo, tableName));
afterAll(async () => {
  await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  dynamo.destroy();
});

const ZONE = "Z0HOSTEDZONE1";

function harness(withDns: boolean) {
  const elb = createFakeElb();
  const route53 = createFakeRoute53();
  const id = randomUUID();
  const pool = [0, 1].map((i) => ({
    loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/c${i}/${id}`,
    listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/c${i}/${id}/l${i}`,
    capacity: 3,
  }));
  const provider = createElbRoutingProvider({
    elb: elb.client,
    slots: createDynamoRuleSlots({ client: dynamo, tableName, pool, clock }),
    records: createMemoryResourceRecords(),
    vpcId: "vpc-0abc",
    clock,
    ...(withDns ? { dns: { route53: route53.client, hostedZoneId: ZONE } } : {}),
  });
  // With DNS, a visitor reaches the ALB only through the tenant's alias record.
  const reachable = (hostname: string) => !withDns || route53.aliasOf(ZONE, hostname) !== null;
  return {
    provider,
    elb,
    routeState: (hostname: string) => (reachable(hostname) ? elb.stateOf(hostname) : "absent"),
  };
}

describeRoutingProviderContract("ELBv2 (stateful fake) + DynamoDB Local slots, wildcard DNS", () =>
  harness(false),
);
describeRoutingProviderContract(
  "ELBv2 + Route 53 alias records (stateful fakes) + DynamoDB Local slots",
  () => harness(true),
);

describe("ELBv2 (stateful fake): the target group's attributes", () => {
  it("sets the deregistration delay on the group it creates", async () => {
    const { provider, elb } = harness(false);
    const tenantId = `t${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const instance = { instanceId: randomUUID(), tenantId, environment: "dev" } as const;
    const spec = buildInstanceSpec(instance, {
      wordpress: { version: "6.4", image: "wordpress:6.4" },
      baseDomain: "sites.example.com",
    });
    await createRoutingDriver(provider).ensureRoute(instance, spec);
    expect(elb.attributesOf(resourceNames(tenantId, "dev").targetGroup)).toEqual({
      "deregistration_delay.timeout_seconds": String(DEREGISTRATION_DELAY_SECONDS),
    });
  });
});
