import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createJsonLogger } from "../logger.ts";
import {
  arnResourceType,
  listTaggedResources,
  ownedResourcesOf,
  secretNameOf,
  taggedOwner,
} from "./listTaggedResources.ts";

const INSTANCE_ID = "11111111-1111-4111-8111-111111111111";
const OWN_TAGS = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: INSTANCE_ID },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const SERVICE_ARN = "arn:aws:ecs:eu-west-1:123456789012:service/bbws/wp-acme-dev";
const TASK_DEFINITION_ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/wp-acme-dev:3";

const client = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const tagging = mockClient(client);

beforeEach(() => tagging.reset());

describe("listTaggedResources", () => {
  it("pages by PaginationToken with exact inputs and stops at the empty token", async () => {
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({
        ResourceTagMappingList: [{ ResourceARN: SERVICE_ARN, Tags: OWN_TAGS }],
        PaginationToken: "page-2",
      })
      .resolvesOnce({
        ResourceTagMappingList: [{ ResourceARN: TASK_DEFINITION_ARN, Tags: OWN_TAGS.slice(3) }, {}],
        PaginationToken: "",
      });

    const found = await listTaggedResources({
      client,
      resourceTypes: ["ecs:service", "ecs:task-definition"],
    });

    expect(tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input)).toEqual([
      {
        TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
        ResourceTypeFilters: ["ecs:service", "ecs:task-definition"],
        ResourcesPerPage: 100,
      },
      {
        TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
        ResourceTypeFilters: ["ecs:service", "ecs:task-definition"],
        ResourcesPerPage: 100,
        PaginationToken: "page-2",
      },
    ]);
    expect(found).toEqual([
      {
        arn: SERVICE_ARN,
        tags: {
          "bbws:tenantId": "acme",
          "bbws:instanceId": INSTANCE_ID,
          "bbws:environment": "dev",
          "bbws:managedBy": "bbws-instance-management",
        },
      },
      { arn: TASK_DEFINITION_ARN, tags: { "bbws:managedBy": "bbws-instance-management" } },
    ]);
  });

  it("lets an AWS error through", async () => {
    tagging.on(GetResourcesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    await expect(listTaggedResources({ client, resourceTypes: ["ecs:service"] })).rejects.toThrow("denied");
  });
});

describe("tag helpers", () => {
  it("reads the Tagging API resource type from ARNs of every kind we tag", () => {
    expect(arnResourceType(SERVICE_ARN)).toBe("ecs:service");
    expect(arnResourceType(TASK_DEFINITION_ARN)).toBe("ecs:task-definition");
    expect(arnResourceType("arn:aws:secretsmanager:eu-west-1:1:secret:bbws/acme/dev/db-AbCdEf")).toBe(
      "secretsmanager:secret",
    );
    expect(
      arnResourceType("arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/alb/50dc/f1d2/9683"),
    ).toBe("elasticloadbalancing:listener-rule");
    expect(arnResourceType("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg-acme-dev/73e2")).toBe(
      "elasticloadbalancing:targetgroup",
    );
    expect(arnResourceType("arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_Abc")).toBe(
      "cognito-idp:userpool",
    );
    expect(arnResourceType("arn:aws:elasticfilesystem:eu-west-1:1:access-point/fsap-0123")).toBe(
      "elasticfilesystem:access-point",
    );
  });

  it("reads a secret's name from its ARN without the 6-character suffix", () => {
    expect(secretNameOf("arn:aws:secretsmanager:eu-west-1:1:secret:bbws/acme/dev/sso-client-AbCdEf")).toBe(
      "bbws/acme/dev/sso-client",
    );
    expect(secretNameOf("arn:aws:secretsmanager:eu-west-1:1:secret:bbws/acme/dev/db")).toBeUndefined();
    expect(secretNameOf(SERVICE_ARN)).toBeUndefined();
  });

  it("names the owner only when tenant, instance and environment are all valid", () => {
    const tags = Object.fromEntries(OWN_TAGS.map(({ Key, Value }) => [Key, Value]));
    expect(taggedOwner(tags)).toEqual({ tenantId: "acme", instanceId: INSTANCE_ID, environment: "dev" });
    expect(taggedOwner({ ...tags, "bbws:environment": "qa" })).toBeUndefined();
    expect(taggedOwner({ ...tags, "bbws:instanceId": "not-a-uuid" })).toBeUndefined();
    const { "bbws:tenantId": _, ...withoutTenant } = tags;
    expect(taggedOwner(withoutTenant)).toBeUndefined();
  });

  it("maps tagged resources to OwnedResources, skipping and logging incomplete tags", () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line), now: () => new Date(0) });
    const tags = Object.fromEntries(OWN_TAGS.map(({ Key, Value }) => [Key, Value]));
    const owned = ownedResourcesOf(
      [
        { arn: SERVICE_ARN, tags },
        { arn: TASK_DEFINITION_ARN, tags: { "bbws:managedBy": "bbws-instance-management" } },
        { arn: "arn:aws:ecs:eu-west-1:1:task/bbws/abc", tags },
      ],
      {
        service: "compute",
        kinds: { "ecs:service": "ecs-service", "ecs:task-definition": "task-definition" },
        logger,
      },
    );
    expect(owned).toEqual([
      {
        service: "compute",
        kind: "ecs-service",
        id: SERVICE_ARN,
        tenantId: "acme",
        instanceId: INSTANCE_ID,
        environment: "dev",
      },
    ]);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        time: "1970-01-01T00:00:00.000Z",
        level: "warn",
        message: "tagged resource skipped: incomplete bbws tags",
        service: "compute",
        arn: TASK_DEFINITION_ARN,
        tags: { "bbws:managedBy": "bbws-instance-management" },
      },
    ]);
  });
});
