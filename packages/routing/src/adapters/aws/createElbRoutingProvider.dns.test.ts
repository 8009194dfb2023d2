import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { ChangeResourceRecordSetsCommand, InvalidChangeBatch, Route53Client } from "@aws-sdk/client-route-53";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { RoutingError } from "../../domain/errors.ts";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { INSTANCE as instance, SPEC as spec } from "../../testing/routingScenario.ts";
import { createElbRoutingProvider, type ElbRoutingProviderOptions } from "./createElbRoutingProvider.ts";
import type { RuleSlot, RuleSlots } from "./ruleSlots.ts";

const ACCOUNT = "arn:aws:elasticloadbalancing:eu-west-1:111122223333";
const SLOT: RuleSlot = {
  loadBalancerArn: `${ACCOUNT}:loadbalancer/app/bbws-2/60dc6c495c0c9188`,
  listenerArn: `${ACCOUNT}:listener/app/bbws-2/60dc6c495c0c9188/a2f7dc8efc522ab2`,
  priority: 7,
};
const ZONE = "Z0123456789ABCDEFGHIJ";
const ALB = {
  DNSName: "bbws-2-1234567890.eu-west-1.elb.amazonaws.com",
  CanonicalHostedZoneId: "Z32O12XQLNTSW2",
};
const aliasChange = (Action: "UPSERT" | "DELETE") => ({
  HostedZoneId: ZONE,
  ChangeBatch: {
    Changes: [
      {
        Action,
        ResourceRecordSet: {
          Name: "acme.sites.example.com",
          Type: "A",
          AliasTarget: {
            HostedZoneId: ALB.CanonicalHostedZoneId,
            DNSName: ALB.DNSName,
            EvaluateTargetHealth: false,
          },
        },
      },
    ],
  },
});
const awsError = (name: string) =>
  Object.assign(new Error(name), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });

const elbClient = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
const route53Client = new Route53Client({ region: "us-east-1" });
const elb = mockClient(elbClient);
const route53 = mockClient(route53Client);
let records: ResourceRecords;
let calls: string[];

const slots: RuleSlots = {
  allocate: async () => SLOT,
  find: async () => SLOT,
  release: async () => SLOT,
  usage: async () => [],
};

/** The adapter run by the decider (a fresh state per call: every step asks the adapter). */
const provider = (overrides: Partial<ElbRoutingProviderOptions> = {}) =>
  createRoutingDriver(adapter(overrides));
function adapter(overrides: Partial<ElbRoutingProviderOptions> = {}) {
  return createElbRoutingProvider({
    elb: elbClient,
    slots,
    records,
    vpcId: "vpc-0abc123",
    clock: () => new Date("2026-11-22T10:00:00.000Z"),
    dns: { route53: route53Client, hostedZoneId: ZONE },
    ...overrides,
  });
}
const changes = () => route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input);

beforeEach(() => {
  elb.reset();
  route53.reset();
  records = createMemoryResourceRecords();
  calls = [];
  elb
    .on(CreateTargetGroupCommand)
    .resolves({ TargetGroups: [{ TargetGroupArn: `${ACCOUNT}:targetgroup/tg-acme-dev/1` }] });
  elb
    .on(CreateRuleCommand)
    .resolves({ Rules: [{ RuleArn: `${SLOT.listenerArn.replace(":listener/", ":listener-rule/")}/r1` }] });
  elb
    .on(DescribeLoadBalancersCommand)
    .resolves({ LoadBalancers: [{ LoadBalancerArn: SLOT.loadBalancerArn, ...ALB }] });
  elb.on(DeleteRuleCommand).callsFake(async () => void calls.push("DeleteRule"));
  elb.on(DeleteTargetGroupCommand).resolves({});
  route53.on(ChangeResourceRecordSetsCommand).callsFake(async (input) => {
    calls.push(`Route53 ${input.ChangeBatch.Changes[0].Action}`);
    return { ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: new Date(0) } };
  });
});

describe("createElbRoutingProvider: per-tenant alias record", () => {
  it("UPSERTs hostname → the slot's ALB (from DescribeLoadBalancers), recorded intended then created", async () => {
    let stateAtCall: string | undefined;
    route53.on(ChangeResourceRecordSetsCommand).callsFake(async () => {
      stateAtCall = (await records.get("routing/dns-record/tg-acme-dev"))?.state;
      return {};
    });
    const outputs = await provider().ensureRoute(instance, spec);
    expect(outputs.hostname).toBe("acme.sites.example.com");
    expect(elb.commandCalls(DescribeLoadBalancersCommand).map((call) => call.args[0].input)).toEqual([
      { LoadBalancerArns: [SLOT.loadBalancerArn] },
    ]);
    expect(changes()).toEqual([aliasChange("UPSERT")]);
    expect(stateAtCall).toBe("intended");
    expect(await records.get("routing/dns-record/tg-acme-dev")).toMatchObject({
      service: "routing",
      kind: "dns-record",
      instanceId: instance.instanceId,
      state: "created",
      attributes: {
        hostedZoneId: ZONE,
        hostname: "acme.sites.example.com",
        loadBalancerArn: SLOT.loadBalancerArn,
        dnsName: ALB.DNSName,
        canonicalHostedZoneId: ALB.CanonicalHostedZoneId,
      },
    });
  });

  it("re-ensure is idempotent: the ALB is described once (cached per ARN), no second change", async () => {
    const routing = adapter();
    const first = await createRoutingDriver(routing).ensureRoute(instance, spec);
    expect(await createRoutingDriver(routing).ensureRoute(instance, spec)).toEqual(first);
    expect(elb.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(1);
    expect(changes()).toEqual([aliasChange("UPSERT")]);
  });

  it("retries an UPSERT after an intent-only record (crash before the answer)", async () => {
    await records.put({
      key: "routing/dns-record/tg-acme-dev",
      service: "routing",
      kind: "dns-record",
      instanceId: instance.instanceId,
      tenantId: "acme",
      state: "intended",
      attributes: {},
      updatedAt: "2026-11-22T09:00:00.000Z",
    });
    await provider().ensureRoute(instance, spec);
    expect(changes()).toEqual([aliasChange("UPSERT")]);
  });

  it("leaves Throttling and PriorRequestNotComplete to the SDK and the redelivery: one call each, retryable", async () => {
    route53
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(awsError("Throttling"))
      .rejectsOnce(awsError("PriorRequestNotComplete"))
      .resolves({});
    const routing = provider();
    for (const name of ["Throttling", "PriorRequestNotComplete"]) {
      const failed = await routing.ensureRoute(instance, spec).catch((error: RoutingError) => error);
      expect(failed).toMatchObject({ code: "ROUTING.DNS_UNAVAILABLE", retryable: true, cause: { name } });
    }
    expect(changes()).toHaveLength(2);
    await routing.ensureRoute(instance, spec);
    expect(changes()).toHaveLength(3);
  });

  it("answers a retryable ROUTING.DNS_UNAVAILABLE after one call, and refuses access denied", async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(awsError("PriorRequestNotComplete"));
    const busy = await provider()
      .ensureRoute(instance, spec)
      .catch((error: RoutingError) => error);
    expect(busy).toMatchObject({ code: "ROUTING.DNS_UNAVAILABLE", retryable: true });
    route53.on(ChangeResourceRecordSetsCommand).rejects(awsError("AccessDenied"));
    const denied = await provider()
      .ensureRoute(instance, spec)
      .catch((error: RoutingError) => error);
    expect(denied).toMatchObject({ code: "ROUTING.DNS_REJECTED", retryable: false });
  });

  it("DELETEs the exact recorded alias on release, before the rule, and forgets it", async () => {
    const routing = provider();
    await routing.ensureRoute(instance, spec);
    route53.resetHistory();
    calls = [];
    const released = await routing.releaseRoute(instance);
    expect(changes()).toEqual([aliasChange("DELETE")]);
    expect(calls).toEqual(["Route53 DELETE", "DeleteRule"]);
    expect(released[0]).toBe(`route53:${ZONE}/acme.sites.example.com`);
    expect(await records.get("routing/dns-record/tg-acme-dev")).toBeNull();
  });

  it("release tolerates a record already gone (InvalidChangeBatch: not found)", async () => {
    const routing = provider();
    await routing.ensureRoute(instance, spec);
    const message =
      "Tried to delete resource record set [name='acme.sites.example.com.', type='A'] but it was not found";
    route53
      .on(ChangeResourceRecordSetsCommand)
      .rejects(new InvalidChangeBatch({ message, messages: [message], $metadata: {} }));
    const released = await routing.releaseRoute(instance);
    expect(released).not.toContain(`route53:${ZONE}/acme.sites.example.com`);
    expect(await records.get("routing/dns-record/tg-acme-dev")).toBeNull();
    expect(await routing.releaseRoute(instance)).toEqual([]);
  });

  it("release refuses another InvalidChangeBatch (values that do not match) and keeps the record", async () => {
    const routing = provider();
    await routing.ensureRoute(instance, spec);
    const message =
      "Tried to delete resource record set but the values provided do not match the current values";
    route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message, $metadata: {} }));
    const error = await routing.releaseRoute(instance).catch((failure: RoutingError) => failure);
    expect(error).toMatchObject({ code: "ROUTING.DNS_REJECTED", retryable: false });
    expect(await records.get("routing/dns-record/tg-acme-dev")).not.toBeNull();
  });

  it("without a hosted zone: no Route 53 call, no DescribeLoadBalancers, no DNS record", async () => {
    const routing = provider({ dns: undefined });
    await routing.ensureRoute(instance, spec);
    await routing.releaseRoute(instance);
    expect(route53.calls()).toHaveLength(0);
    expect(elb.commandCalls(DescribeLoadBalancersCommand)).toHaveLength(0);
    expect(await records.listByInstance(instance.instanceId)).toEqual([]);
  });
});
