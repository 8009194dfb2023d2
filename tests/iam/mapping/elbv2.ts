import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { CONFIG, inWorkload, OWN_RESOURCE_TAGS, workloadArn } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";

/**
 * ELBv2. The listeners are the deployment's ALB pool: a test's own pool entry stands for the
 * pool's first listener. Tags given at creation need AddTags on the new resource, with
 * elasticloadbalancing:CreateAction naming the call.
 */
const POOL = CONFIG.infra.albPool.map((entry) => entry.listenerArn);
const LISTENER =
  /^(arn:aws:elasticloadbalancing:[^:]*:\d*:)listener(-rule)?\/(app\/[^/]+\/[^/]+\/[^/]+)(\/.+)?$/;

function listener(arn: string): string {
  return POOL.includes(arn) ? arn : POOL[0]!;
}
function rule(arn: string): string {
  const match = LISTENER.exec(arn);
  if (!match?.[2]) throw new Error(`not a listener rule ARN: ${arn}`);
  return `${listener(`${match[1]}listener/${match[3]}`).replace(":listener/", ":listener-rule/")}${match[4]}`;
}
const targetGroup = (name: string) =>
  workloadArn("elasticloadbalancing", `targetgroup/${name}/73e2d6bc24d8a067`);

const tagOnCreate = (input: CommandInput, created: string, createAction: string) =>
  input.Tags
    ? [
        request(
          "elasticloadbalancing:AddTags",
          created,
          { ...requestTagKeys(tagRecord(input.Tags)), "elasticloadbalancing:CreateAction": createAction },
          `tag-on-create: ${createAction} Tags`,
        ),
      ]
    : [];

export const elbv2: ServiceMapping = {
  client: "ElasticLoadBalancingV2Client",
  account: "workload",
  commands: {
    CreateTargetGroup: (input) => [
      request(
        "elasticloadbalancing:CreateTargetGroup",
        targetGroup(input.Name),
        requestTagKeys(tagRecord(input.Tags)),
      ),
      ...tagOnCreate(input, targetGroup(input.Name), "CreateTargetGroup"),
    ],
    ModifyTargetGroupAttributes: (input) => [
      request(
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        inWorkload(input.TargetGroupArn),
        OWN_RESOURCE_TAGS,
      ),
    ],
    DeleteTargetGroup: (input) => [
      request("elasticloadbalancing:DeleteTargetGroup", inWorkload(input.TargetGroupArn), OWN_RESOURCE_TAGS),
    ],
    CreateRule: (input) => [
      request(
        "elasticloadbalancing:CreateRule",
        listener(input.ListenerArn),
        requestTagKeys(tagRecord(input.Tags)),
      ),
      ...tagOnCreate(
        input,
        `${listener(input.ListenerArn).replace(":listener/", ":listener-rule/")}/9683b2d02a6cabee`,
        "CreateRule",
      ),
    ],
    ModifyRule: (input) => [
      request("elasticloadbalancing:ModifyRule", rule(input.RuleArn), OWN_RESOURCE_TAGS),
    ],
    DeleteRule: (input) => [
      request("elasticloadbalancing:DeleteRule", rule(input.RuleArn), OWN_RESOURCE_TAGS),
    ],
    // Describe actions take no resource-level permissions.
    DescribeTargetGroups: () => [request("elasticloadbalancing:DescribeTargetGroups", "*")],
    DescribeRules: () => [request("elasticloadbalancing:DescribeRules", "*")],
    DescribeLoadBalancers: () => [request("elasticloadbalancing:DescribeLoadBalancers", "*")],
    DescribeTargetHealth: () => [request("elasticloadbalancing:DescribeTargetHealth", "*")],
  },
};
