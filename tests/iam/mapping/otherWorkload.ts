import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { CONFIG, inWorkload } from "../simulatedDeployment.ts";
import { request, type ServiceMapping } from "./commandMapping.ts";

/** Route 53: the deployment's hosted zone, with the change's normalised names, types and actions. */
export const route53: ServiceMapping = {
  client: "Route53Client",
  account: "workload",
  commands: {
    ChangeResourceRecordSets: (input) => {
      const changes = input.ChangeBatch.Changes as {
        Action: string;
        ResourceRecordSet: { Name: string; Type: string };
      }[];
      return [
        request(
          "route53:ChangeResourceRecordSets",
          `arn:aws:route53:::hostedzone/${CONFIG.infra.hostedZoneId}`,
          {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": changes.map((change) =>
              change.ResourceRecordSet.Name.toLowerCase().replace(/\.$/, ""),
            ),
            "route53:ChangeResourceRecordSetsRecordTypes": changes.map(
              (change) => change.ResourceRecordSet.Type,
            ),
            "route53:ChangeResourceRecordSetsActions": changes.map((change) => change.Action),
          },
        ),
      ];
    },
  },
};

export const tagging: ServiceMapping = {
  client: "ResourceGroupsTaggingAPIClient",
  account: "workload",
  commands: { GetResources: () => [request("tag:GetResources", "*")] },
};

export const cloudwatch: ServiceMapping = {
  client: "CloudWatchClient",
  account: "workload",
  commands: { GetMetricData: () => [request("cloudwatch:GetMetricData", "*")] },
};

/**
 * CloudWatch Logs authorises most log-group actions against `log-group:<name>:*`, and the
 * tagging actions against `log-group:<name>` (its documented ARN quirk).
 */
const logGroup = (name: string) => inWorkload(`arn:aws:logs:r:0:log-group:${name}:*`);
const taggedLogGroup = (name: string) => inWorkload(`arn:aws:logs:r:0:log-group:${name}`);
export const logs: ServiceMapping = {
  client: "CloudWatchLogsClient",
  account: "workload",
  commands: {
    CreateLogGroup: (input) => {
      const context = requestTagKeys(tagRecord(input.tags));
      return [
        request("logs:CreateLogGroup", logGroup(input.logGroupName), input.tags ? context : {}),
        ...(input.tags
          ? [request("logs:TagResource", taggedLogGroup(input.logGroupName), context, "tag-on-create: tags")]
          : []),
      ];
    },
    PutRetentionPolicy: (input) => [request("logs:PutRetentionPolicy", logGroup(input.logGroupName))],
    FilterLogEvents: (input) => [request("logs:FilterLogEvents", logGroup(input.logGroupName))],
  },
};
