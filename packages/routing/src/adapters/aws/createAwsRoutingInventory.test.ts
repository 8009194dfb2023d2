import {
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { ChangeResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import type { OwnedResource } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecord, type ResourceRecords } from "@bbws/mesh";
import { awsError, inputsOf } from "@bbws/mesh/testing";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsRoutingInventory } from "./createAwsRoutingInventory.ts";
import type { RuleSlot, RuleSlots } from "./ruleSlots.ts";

const ACCOUNT = "arn:aws:elasticloadbalancing:eu-west-1:111122223333";
const TG_ARN = `${ACCOUNT}:targetgroup/tg-acme-dev/73e2d6bc24d8a067`;
const RULE_ARN = `${ACCOUNT}:listener-rule/app/bbws-2/60dc6c495c0c9188/a2f7dc8efc522ab2/9683b2d02a6cabee`;
const SLOT: RuleSlot = {
  loadBalancerArn: `${ACCOUNT}:loadbalancer/app/bbws-2/60dc6c495c0c9188`,
  listenerArn: `${ACCOUNT}:listener/app/bbws-2/60dc6c495c0c9188/a2f7dc8efc522ab2`,
  priority: 7,
};
const OLD = "7f0c1c1e-2f4a-4b59-9a55-0d8b7e1f2a3b";
const NEW = "0b5b8d7e-3f7c-4a1e-9d2b-6c1f0e9a8b7d";
const ZONE = "Z0123456789ABCDEFGHIJ";
const ALB = {
  dnsName: "bbws-2-1234567890.eu-west-1.elb.amazonaws.com",
  canonicalHostedZoneId: "Z32O12XQLNTSW2",
};
const tags = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: OLD },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const record = (kind: string, instanceId: string, attributes: Record<string, string>): ResourceRecord => ({
  key: `routing/${kind}/tg-acme-dev`,
  service: "routing",
  kind,
  instanceId,
  tenantId: "acme",
  state: "created",
  attributes,
  updatedAt: "2026-11-22T10:00:00.000Z",
});
const dnsRecord = (instanceId: string) =>
  record("dns-record", instanceId, {
    hostedZoneId: ZONE,
    hostname: "acme.sites.example.com",
    loadBalancerArn: SLOT.loadBalancerArn,
    dnsName: ALB.dnsName,
    canonicalHostedZoneId: ALB.canonicalHostedZoneId,
  });
const owned = (kind: string, id: string, instanceId?: string): OwnedResource => ({
  service: "routing",
  kind,
  id,
  tenantId: "acme",
  environment: "dev",
  ...(instanceId ? { instanceId } : {}),
});

const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const elbClient = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
const route53Client = new Route53Client({ region: "us-east-1" });
const tagging = mockClient(taggingClient);
const elb = mockClient(elbClient);
const route53 = mockClient(route53Client);
let records: ResourceRecords;
let released: string[];
const slots = {
  async release(instanceId: string) {
    released.push(instanceId);
    return instanceId === OLD ? SLOT : null;
  },
} as RuleSlots;

const inventory = (withDns = true) =>
  createAwsRoutingInventory({
    tagging: taggingClient,
    elb: elbClient,
    records,
    slots,
    ...(withDns ? { dns: { route53: route53Client, hostedZoneId: ZONE } } : {}),
  });

beforeEach(() => {
  tagging.reset();
  elb.reset();
  route53.reset();
  records = createMemoryResourceRecords();
  released = [];
});

describe("createAwsRoutingInventory: list", () => {
  it("lists tagged target groups (by tenant and environment) and rules (by instance), and recorded alias records", async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: TG_ARN, Tags: tags },
        { ResourceARN: RULE_ARN, Tags: tags },
      ],
      PaginationToken: "",
    });
    await records.put(dnsRecord(OLD));
    await records.put(record("target-group", OLD, { name: "tg-acme-dev", targetGroupArn: TG_ARN }));

    expect(await inventory().list()).toEqual([
      owned("target-group", TG_ARN),
      owned("listener-rule", RULE_ARN, OLD),
      owned("dns-record", `route53:${ZONE}/acme.sites.example.com`, OLD),
    ]);
    expect(inputsOf(tagging.commandCalls(GetResourcesCommand))).toEqual([
      {
        TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
        ResourceTypeFilters: ["elasticloadbalancing:targetgroup", "elasticloadbalancing:listener-rule"],
        ResourcesPerPage: 100,
      },
    ]);
    // Without a hosted zone the deployment keeps no alias records: none listed.
    expect((await inventory(false).list()).map((resource) => resource.kind)).toEqual([
      "target-group",
      "listener-rule",
    ]);
  });

  it("reports a throttled listing as ROUTING.ELB_UNAVAILABLE after one call (the SDK client retries)", async () => {
    tagging.on(GetResourcesCommand).rejects(awsError("ThrottlingException"));
    await expect(inventory().list()).rejects.toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
  });
});

describe("createAwsRoutingInventory: remove", () => {
  it("deletes a rule, frees its instance's slot and forgets the record naming that rule", async () => {
    elb.on(DeleteRuleCommand).resolves({});
    await records.put(record("listener-rule", OLD, { ruleArn: RULE_ARN }));

    expect(await inventory().remove(owned("listener-rule", RULE_ARN, OLD))).toEqual([
      RULE_ARN,
      `slot:${SLOT.listenerArn}#7`,
    ]);
    expect(inputsOf(elb.commandCalls(DeleteRuleCommand))).toEqual([{ RuleArn: RULE_ARN }]);
    expect(released).toEqual([OLD]);
    expect(await records.list()).toEqual([]);
  });

  it("deletes a target group; a record naming another group stays; gone is fine", async () => {
    elb.on(DeleteTargetGroupCommand).resolvesOnce({}).rejects(awsError("TargetGroupNotFoundException"));
    const other = record("target-group", NEW, { targetGroupArn: `${ACCOUNT}:targetgroup/tg-acme-dev/000` });
    await records.put(other);

    expect(await inventory().remove(owned("target-group", TG_ARN))).toEqual([TG_ARN]);
    expect(inputsOf(elb.commandCalls(DeleteTargetGroupCommand))).toEqual([{ TargetGroupArn: TG_ARN }]);
    expect(await records.list()).toEqual([other]);
    expect(await inventory().remove(owned("target-group", TG_ARN))).toEqual([]);
  });

  it("leaves a target group still in use for a retry", async () => {
    elb.on(DeleteTargetGroupCommand).rejects(awsError("ResourceInUseException"));
    await expect(inventory().remove(owned("target-group", TG_ARN))).rejects.toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
  });

  it("deletes the recorded alias record exactly, then the record; another instance's is left in place", async () => {
    route53.on(ChangeResourceRecordSetsCommand).resolves({});
    await records.put(dnsRecord(OLD));
    const id = `route53:${ZONE}/acme.sites.example.com`;

    expect(await inventory().remove(owned("dns-record", id, OLD))).toEqual([id]);
    expect(inputsOf(route53.commandCalls(ChangeResourceRecordSetsCommand))).toEqual([
      {
        HostedZoneId: ZONE,
        ChangeBatch: {
          Changes: [
            {
              Action: "DELETE",
              ResourceRecordSet: {
                Name: "acme.sites.example.com",
                Type: "A",
                AliasTarget: {
                  HostedZoneId: ALB.canonicalHostedZoneId,
                  DNSName: ALB.dnsName,
                  EvaluateTargetHealth: false,
                },
              },
            },
          ],
        },
      },
    ]);
    expect(await records.list()).toEqual([]);
    expect(await inventory().remove(owned("dns-record", id, OLD))).toEqual([]);

    await records.put(dnsRecord(NEW));
    await expect(inventory().remove(owned("dns-record", id, OLD))).rejects.toMatchObject({
      code: "ROUTING.TARGET_GROUP_TAKEN",
    });
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(1);
  });

  it("refuses what it never lists, before any call", async () => {
    for (const resource of [
      owned("route", "tg-acme-dev"),
      owned("target-group", "tg-acme-dev"),
      owned("listener-rule", TG_ARN),
    ])
      await expect(inventory().remove(resource)).rejects.toMatchObject({ code: "ROUTING.INVALID_CONFIG" });
    await expect(
      inventory(false).remove(owned("dns-record", `route53:${ZONE}/acme.sites.example.com`)),
    ).rejects.toMatchObject({ code: "ROUTING.INVALID_CONFIG" });
    expect(elb.calls()).toHaveLength(0);
  });
});
