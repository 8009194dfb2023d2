import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { CONFIG, OWN_RESOURCE_TAGS, workloadArn } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";

/** EFS on the deployment's file system. Tag-on-create: TagResource on the new access point, with elasticfilesystem:CreateAction. */
const fileSystem = () => workloadArn("elasticfilesystem", `file-system/${CONFIG.infra.efsFileSystemId}`);
const accessPoint = (id: string) => workloadArn("elasticfilesystem", `access-point/${id.split("/").pop()}`);

export const efs: ServiceMapping = {
  client: "EFSClient",
  account: "workload",
  commands: {
    CreateAccessPoint: (input) => {
      const tags = requestTagKeys(tagRecord(input.Tags));
      return [
        request("elasticfilesystem:CreateAccessPoint", fileSystem(), tags),
        ...(input.Tags
          ? [
              request(
                "elasticfilesystem:TagResource",
                accessPoint("fsap-0new0000000000000"),
                { ...tags, "elasticfilesystem:CreateAction": "CreateAccessPoint" },
                "tag-on-create: CreateAccessPoint Tags",
              ),
            ]
          : []),
      ];
    },
    DescribeAccessPoints: (input: CommandInput) => [
      input.AccessPointId
        ? request(
            "elasticfilesystem:DescribeAccessPoints",
            accessPoint(input.AccessPointId),
            OWN_RESOURCE_TAGS,
          )
        : request("elasticfilesystem:DescribeAccessPoints", fileSystem()),
    ],
    DeleteAccessPoint: (input) => [
      request("elasticfilesystem:DeleteAccessPoint", accessPoint(input.AccessPointId), OWN_RESOURCE_TAGS),
    ],
  },
};
