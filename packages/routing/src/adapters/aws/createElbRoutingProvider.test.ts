import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  PriorityInUseException,
  ResourceInUseException,
  RuleNotFoundException,
  TargetGroupNotFoundException,
  TooManyTargetGroupsException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { RoutingError } from "../../domain/errors.ts";
import { MAINTENANCE_PAGE } from "../../domain/maintenancePage.ts";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { INSTANCE as instance, SPEC as spec } from "../../testing/routingScenario.ts";
import { createElbRoutingProvider, type ElbRoutingProviderOptions } from "./createElbRoutingProvider.ts";
import type { RuleSlot, RuleSlots } from "./ruleSlots.ts";

const ACCOUNT = "arn:aws:elasticloadbalancing:eu-west-1:111122223333";
const TG_ARN = `${ACCOUNT}:targetgroup/tg-acme-dev/73e2d6bc24d8a067`;
const RULE_ARN = `${ACCOUNT}:listener-rule/app/bbws-1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
const SLOT: RuleSlot = {
  loadBalancerArn: `${ACCOUNT}:loadbalancer/app/bbws-1/50dc6c495c0c9188`,
  listenerArn: `${ACCOUNT}:listener/app/bbws-1/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  priority: 42,
};
const NOW = "2026-11-22T10:00:00.000Z";
const TAGS = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: instance.instanceId },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const KEYS = { targetGroup: "routing/target-group/tg-acme-dev", rule: "routing/listener-rule/tg-acme-dev" };

const client = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
const elb = mockClient(client);
let records: ResourceRecords;
let slotLog: string[];

/** One fixed slot; enough to pin the command inputs (the allocator has its own tests). */
function fixedSlots(slot: RuleSlot | RoutingError = SLOT): RuleSlots {
  let held: RuleSlot | null = null;
  return {
    async allocate() {
      slotLog.push("allocate");
      if (slot instanceof RoutingError) throw slot;
      held = slot;
      return slot;
    },
    find: async () => held,
    async release() {
      slotLog.push("release");
      const freed = held;
      held = null;
      return freed;
    },
    usage: async () => [],
  };
}
const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

/** The adapter run by the decider (a fresh state per call: every step asks the adapter). */
const provider = (overrides: Partial<ElbRoutingProviderOptions> = {}) =>
  createRoutingDriver(adapter(overrides));
function adapter(overrides: Partial<ElbRoutingProviderOptions> = {}) {
  return createElbRoutingProvider({
    elb: client,
    slots: fixedSlots(),
    records,
    vpcId: "vpc-0abc123",
    clock: () => new Date(NOW),
    ...overrides,
  });
}
const provisioned = async (routing = provider()) => {
  elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
  elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
  await routing.ensureRoute(instance, spec);
  elb.resetHistory();
  return routing;
};
const inputsOf = <T>(command: new (...args: never[]) => T) =>
  elb.commandCalls(command as never).map((call) => call.args[0].input);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as RoutingError,
  );

beforeEach(() => {
  elb.reset();
  records = createMemoryResourceRecords();
  slotLog = [];
});

describe("createElbRoutingProvider: ensureRoute", () => {
  it("creates the target group and the host rule with these exact inputs, each recorded before its call", async () => {
    const seen: Record<string, string | undefined> = {};
    elb.on(CreateTargetGroupCommand).callsFake(async () => {
      seen.targetGroup = (await records.get(KEYS.targetGroup))?.state;
      return { TargetGroups: [{ TargetGroupArn: TG_ARN }] };
    });
    elb.on(ModifyTargetGroupAttributesCommand).callsFake(async () => {
      seen.attributes = (await records.get(KEYS.targetGroup))?.state;
      return {};
    });
    elb.on(CreateRuleCommand).callsFake(async () => {
      seen.rule = JSON.stringify(await records.get(KEYS.rule));
      return { Rules: [{ RuleArn: RULE_ARN }] };
    });

    const outputs = await provider().ensureRoute(instance, spec);

    expect(inputsOf(CreateTargetGroupCommand)).toEqual([
      {
        Name: "tg-acme-dev",
        Protocol: "HTTP",
        ProtocolVersion: "HTTP1",
        Port: 80,
        VpcId: "vpc-0abc123",
        TargetType: "ip",
        HealthCheckEnabled: true,
        HealthCheckProtocol: "HTTP",
        HealthCheckPath: "/wp-login.php",
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 3,
        Matcher: { HttpCode: "200-399" },
        Tags: TAGS,
      },
    ]);
    expect(inputsOf(ModifyTargetGroupAttributesCommand)).toEqual([
      {
        TargetGroupArn: TG_ARN,
        Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }],
      },
    ]);
    expect(elb.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "CreateTargetGroupCommand",
      "ModifyTargetGroupAttributesCommand",
      "CreateRuleCommand",
    ]);
    expect(inputsOf(CreateRuleCommand)).toEqual([
      {
        ListenerArn: SLOT.listenerArn,
        Priority: 42,
        Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: ["acme.sites.example.com"] } }],
        Actions: [{ Type: "forward", TargetGroupArn: TG_ARN }],
        Tags: TAGS,
      },
    ]);
    expect(seen.targetGroup).toBe("intended");
    expect(seen.attributes).toBe("intended");
    expect(await records.get(KEYS.targetGroup)).toMatchObject({
      state: "created",
      attributes: { name: "tg-acme-dev", targetGroupArn: TG_ARN, deregistrationDelaySeconds: "30" },
    });
    expect(JSON.parse(seen.rule ?? "{}")).toMatchObject({
      state: "intended",
      attributes: { listenerArn: SLOT.listenerArn, priority: "42", hostname: "acme.sites.example.com" },
    });
    expect(outputs).toEqual({
      targetGroupRef: TG_ARN,
      listenerRuleRef: RULE_ARN,
      hostname: "acme.sites.example.com",
      url: "https://acme.sites.example.com/",
    });
    expect(await records.get(KEYS.rule)).toEqual({
      key: KEYS.rule,
      service: "routing",
      kind: "listener-rule",
      instanceId: instance.instanceId,
      tenantId: "acme",
      state: "created",
      attributes: {
        loadBalancerArn: SLOT.loadBalancerArn,
        listenerArn: SLOT.listenerArn,
        priority: "42",
        hostname: "acme.sites.example.com",
        targetGroupArn: TG_ARN,
        ruleArn: RULE_ARN,
      },
      updatedAt: NOW,
    });

    elb.resetHistory();
    expect(await provider().ensureRoute(instance, spec)).toEqual(outputs);
    expect(elb.calls()).toHaveLength(0);
  });

  it("uses a configured health check path, and refuses settings AWS would refuse", async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
    const healthCheck = { path: "/healthz.php", intervalSeconds: 5, timeoutSeconds: 4 };
    await provider({ healthCheck }).ensureRoute(instance, spec);
    expect(inputsOf(CreateTargetGroupCommand)[0]).toMatchObject({
      HealthCheckPath: "/healthz.php",
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
    });
    expect(() => provider({ healthCheck: { healthyThresholdCount: 1 } })).toThrow(/healthyThresholdCount/);
    expect(() => provider({ healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } })).toThrow(
      /less than intervalSeconds/,
    );
  });

  it("adopts the rule whose CreateRule answer was lost (PriorityInUse), and refuses a stranger's", async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).rejects(new PriorityInUseException({ message: "in use", $metadata: {} }));
    const ours = {
      Priority: "42",
      RuleArn: RULE_ARN,
      Conditions: [{ Field: "host-header", Values: ["acme.sites.example.com"] }],
    };
    elb.on(DescribeRulesCommand).resolves({ Rules: [{ Priority: "7", RuleArn: "other" }, ours] });

    expect((await provider().ensureRoute(instance, spec)).listenerRuleRef).toBe(RULE_ARN);
    expect(inputsOf(DescribeRulesCommand)).toEqual([{ ListenerArn: SLOT.listenerArn, PageSize: 400 }]);

    records = createMemoryResourceRecords();
    elb
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ ...ours, Conditions: [{ Field: "host-header", Values: ["x.example.com"] }] }] });
    expect(await failure(provider().ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.PRIORITY_CONFLICT",
      retryable: false,
    });
  });

  it("adopts a same-named target group made with other settings (DuplicateTargetGroupName)", async () => {
    elb
      .on(CreateTargetGroupCommand)
      .rejects(new DuplicateTargetGroupNameException({ message: "dup", $metadata: {} }));
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
    expect((await provider().ensureRoute(instance, spec)).targetGroupRef).toBe(TG_ARN);
    expect(inputsOf(DescribeTargetGroupsCommand)).toEqual([{ Names: ["tg-acme-dev"] }]);
  });

  it("is created only once the delay is set: a failed or lost modify leaves it intended, the redelivery sets it", async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
    elb.on(ModifyTargetGroupAttributesCommand).rejectsOnce(awsError("Throttling", 400)).resolves({});
    expect(await failure(provider().ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
    expect(await records.get(KEYS.targetGroup)).toMatchObject({
      state: "intended",
      attributes: { name: "tg-acme-dev" },
    });
    expect(elb.commandCalls(CreateRuleCommand)).toHaveLength(0);

    await provider().ensureRoute(instance, spec);
    expect(inputsOf(CreateTargetGroupCommand)).toHaveLength(2);
    expect(inputsOf(ModifyTargetGroupAttributesCommand)).toEqual([
      { TargetGroupArn: TG_ARN, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }] },
      { TargetGroupArn: TG_ARN, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }] },
    ]);
    expect((await records.get(KEYS.targetGroup))?.state).toBe("created");

    records = createMemoryResourceRecords();
    elb.on(ModifyTargetGroupAttributesCommand).rejects(awsError("AccessDenied", 403));
    expect(await failure(provider().ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.ELB_REJECTED",
      retryable: false,
    });
    expect((await records.get(KEYS.targetGroup))?.state).toBe("intended");
  });

  it("sets the delay on a group recorded before routing set one, on its recorded ARN, then never again", async () => {
    await records.put({
      key: KEYS.targetGroup,
      service: "routing",
      kind: "target-group",
      instanceId: instance.instanceId,
      tenantId: "acme",
      state: "created",
      attributes: { name: "tg-acme-dev", targetGroupArn: TG_ARN },
      updatedAt: NOW,
    });
    elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
    elb.on(ModifyTargetGroupAttributesCommand).resolves({});
    expect((await provider().ensureRoute(instance, spec)).targetGroupRef).toBe(TG_ARN);
    expect(elb.commandCalls(CreateTargetGroupCommand)).toHaveLength(0);
    expect(inputsOf(ModifyTargetGroupAttributesCommand)).toEqual([
      { TargetGroupArn: TG_ARN, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }] },
    ]);
    expect((await records.get(KEYS.targetGroup))?.attributes).toEqual({
      name: "tg-acme-dev",
      targetGroupArn: TG_ARN,
      deregistrationDelaySeconds: "30",
    });
    await provider().ensureRoute(instance, spec);
    expect(elb.commandCalls(ModifyTargetGroupAttributesCommand)).toHaveLength(1);
  });

  it("creates nothing when the pool is full", async () => {
    const full = new RoutingError("ROUTING.CAPACITY_EXHAUSTED", "full", { retryable: false });
    expect(await failure(provider({ slots: fixedSlots(full) }).ensureRoute(instance, spec))).toBe(full);
    expect(elb.calls()).toHaveLength(0);
  });

  it("maps errors after one call each: throttling (retryable, for the redelivery), quota, refusal", async () => {
    elb
      .on(CreateTargetGroupCommand)
      .rejectsOnce(awsError("Throttling", 400))
      .resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: RULE_ARN }] });
    const routing = provider();
    expect(await failure(routing.ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
    expect(elb.commandCalls(CreateTargetGroupCommand)).toHaveLength(1);
    await routing.ensureRoute(instance, spec);
    expect(elb.commandCalls(CreateTargetGroupCommand)).toHaveLength(2);

    records = createMemoryResourceRecords();
    elb
      .on(CreateTargetGroupCommand)
      .rejects(new TooManyTargetGroupsException({ message: "quota", $metadata: {} }));
    expect(await failure(provider().ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.CAPACITY_EXHAUSTED",
      retryable: false,
    });

    elb.on(CreateTargetGroupCommand).rejects(awsError("AccessDenied", 403));
    const denied = await failure(provider().ensureRoute(instance, spec));
    expect(denied).toMatchObject({ code: "ROUTING.ELB_REJECTED", retryable: false });
    expect(denied?.cause).toMatchObject({ name: "AccessDenied" });

    elb.on(CreateTargetGroupCommand).rejects(awsError("InternalFailure", 500));
    expect(await failure(provider().ensureRoute(instance, spec))).toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
  });
});

describe("createElbRoutingProvider: suspend and resume", () => {
  it("switches the rule to a fixed 503 maintenance page and back to forward", async () => {
    const routing = await provisioned();
    elb.on(ModifyRuleCommand).resolves({});
    await routing.suspendRoute(instance);
    await routing.resumeRoute(instance);
    expect(inputsOf(ModifyRuleCommand)).toEqual([
      {
        RuleArn: RULE_ARN,
        Actions: [
          {
            Type: "fixed-response",
            FixedResponseConfig: {
              StatusCode: "503",
              ContentType: "text/html",
              MessageBody: MAINTENANCE_PAGE.body,
            },
          },
        ],
      },
      { RuleArn: RULE_ARN, Actions: [{ Type: "forward", TargetGroupArn: TG_ARN }] },
    ]);
    expect(MAINTENANCE_PAGE.body.length).toBeLessThanOrEqual(1024);
  });

  it("reports ROUTE_NOT_FOUND when the rule is unknown or deleted behind our back", async () => {
    expect(await failure(provider().suspendRoute(instance))).toMatchObject({
      code: "ROUTING.ROUTE_NOT_FOUND",
    });
    expect(elb.calls()).toHaveLength(0);
    const routing = await provisioned();
    elb.on(ModifyRuleCommand).rejects(new RuleNotFoundException({ message: "gone", $metadata: {} }));
    expect(await failure(routing.resumeRoute(instance))).toMatchObject({
      code: "ROUTING.ROUTE_NOT_FOUND",
      retryable: false,
    });
  });
});

describe("createElbRoutingProvider: releaseRoute", () => {
  it("deletes the rule, frees the slot, deletes the target group, forgets the records", async () => {
    const routing = await provisioned();
    elb.on(DeleteRuleCommand).callsFake(async () => void slotLog.push("DeleteRule"));
    elb.on(DeleteTargetGroupCommand).callsFake(async () => void slotLog.push("DeleteTargetGroup"));

    expect(await routing.releaseRoute(instance)).toEqual([RULE_ARN, TG_ARN]);
    expect(inputsOf(DeleteRuleCommand)).toEqual([{ RuleArn: RULE_ARN }]);
    expect(inputsOf(DeleteTargetGroupCommand)).toEqual([{ TargetGroupArn: TG_ARN }]);
    expect(slotLog).toEqual(["allocate", "DeleteRule", "release", "DeleteTargetGroup"]);
    expect(await records.listByInstance(instance.instanceId)).toEqual([]);
    expect(await routing.releaseRoute(instance)).toEqual([]);
  });

  it("tolerates resources already gone, and retries a target group still in use", async () => {
    const routing = await provisioned();
    elb.on(DeleteRuleCommand).rejects(new RuleNotFoundException({ message: "gone", $metadata: {} }));
    elb
      .on(DeleteTargetGroupCommand)
      .rejects(new ResourceInUseException({ message: "in use", $metadata: {} }));
    expect(await failure(routing.releaseRoute(instance))).toMatchObject({
      code: "ROUTING.ELB_UNAVAILABLE",
      retryable: true,
    });
    elb
      .on(DeleteTargetGroupCommand)
      .rejects(new TargetGroupNotFoundException({ message: "gone", $metadata: {} }));
    expect(await routing.releaseRoute(instance)).toEqual([]);
    expect(await records.listByInstance(instance.instanceId)).toEqual([]);
  });

  it("after a crash between CreateRule and its record, finds the rule by priority and host", async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).rejects(awsError("NetworkingError", 500));
    await failure(provider().ensureRoute(instance, spec));
    expect((await records.get(KEYS.rule))?.state).toBe("intended");

    const host = { Field: "host-header", HostHeaderConfig: { Values: ["acme.sites.example.com"] } };
    elb
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ Priority: "42", RuleArn: RULE_ARN, Conditions: [host] }] });
    elb.on(DeleteRuleCommand).resolves({});
    elb.on(DeleteTargetGroupCommand).resolves({});
    expect(await provider().releaseRoute(instance)).toEqual([RULE_ARN, TG_ARN]);
    expect(inputsOf(DeleteRuleCommand)).toEqual([{ RuleArn: RULE_ARN }]);
  });

  it("never deletes another host's rule found at the recorded priority", async () => {
    elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG_ARN }] });
    elb.on(CreateRuleCommand).rejects(awsError("NetworkingError", 500));
    await failure(provider().ensureRoute(instance, spec));
    const stranger = { Field: "host-header", HostHeaderConfig: { Values: ["zed.sites.example.com"] } };
    elb
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ Priority: "42", RuleArn: "stranger", Conditions: [stranger] }] });
    elb.on(DeleteTargetGroupCommand).resolves({});
    expect(await provider().releaseRoute(instance)).toEqual([TG_ARN]);
    expect(inputsOf(DeleteRuleCommand)).toEqual([]);
  });
});
