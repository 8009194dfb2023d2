import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import type { OwnedResource } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecord, type ResourceRecords } from "@bbws/mesh";
import { awsError, inputsOf } from "@bbws/mesh/testing";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsComputeInventory } from "./createAwsComputeInventory.ts";

const INSTANCE_ID = "33333333-3333-4333-8333-333333333333";
const OTHER_ID = "44444444-4444-4444-8444-444444444444";
const SERVICE_ARN = "arn:aws:ecs:eu-west-1:123456789012:service/bbws-dev/wp-acme-dev";
const REVISION_ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/wp-acme-dev:3";
const tags = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: INSTANCE_ID },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const owned = (kind: string, id: string): OwnedResource => ({
  service: "compute",
  kind,
  id,
  tenantId: "acme",
  instanceId: INSTANCE_ID,
  environment: "dev",
});
const computeRecord = (instanceId: string): ResourceRecord => ({
  key: "compute/ecs-service/wp-acme-dev",
  service: "compute",
  kind: "ecs-service",
  instanceId,
  tenantId: "acme",
  state: "created",
  attributes: {},
  updatedAt: "2026-11-22T10:00:00.000Z",
});

const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const ecsClient = new ECSClient({ region: "eu-west-1" });
const tagging = mockClient(taggingClient);
const ecs = mockClient(ecsClient);
let records: ResourceRecords;

const inventory = () =>
  createAwsComputeInventory({
    tagging: taggingClient,
    ecs: ecsClient,
    records,
  });

beforeEach(() => {
  tagging.reset();
  ecs.reset();
  records = createMemoryResourceRecords();
});

describe("createAwsComputeInventory", () => {
  it("lists tagged services and task definition revisions with their instance", async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: SERVICE_ARN, Tags: tags },
        { ResourceARN: REVISION_ARN, Tags: tags },
      ],
      PaginationToken: "",
    });
    expect(await inventory().list()).toEqual([
      owned("ecs-service", SERVICE_ARN),
      owned("task-definition", REVISION_ARN),
    ]);
    expect(inputsOf(tagging.commandCalls(GetResourcesCommand))).toEqual([
      {
        TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
        ResourceTypeFilters: ["ecs:service", "ecs:task-definition"],
        ResourcesPerPage: 100,
      },
    ]);
  });

  it("maps a refused listing to a ComputeError", async () => {
    tagging.on(GetResourcesCommand).rejects(awsError("AccessDeniedException"));
    await expect(inventory().list()).rejects.toMatchObject({ code: "COMPUTE.ACCESS_DENIED" });
  });

  it("scales the service to 0, deletes it with force, and forgets that instance's record", async () => {
    ecs.on(UpdateServiceCommand).resolves({});
    ecs.on(DeleteServiceCommand).resolves({});
    await records.put(computeRecord(INSTANCE_ID));

    expect(await inventory().remove(owned("ecs-service", SERVICE_ARN))).toEqual([SERVICE_ARN]);
    expect(ecs.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "UpdateServiceCommand",
      "DeleteServiceCommand",
    ]);
    expect(inputsOf(ecs.commandCalls(UpdateServiceCommand))).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", desiredCount: 0 },
    ]);
    expect(inputsOf(ecs.commandCalls(DeleteServiceCommand))).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", force: true },
    ]);
    expect(await records.list()).toEqual([]);
  });

  it("keeps another instance's record, and takes a service already gone as done", async () => {
    ecs.on(UpdateServiceCommand).resolves({});
    ecs.on(DeleteServiceCommand).resolves({});
    await records.put(computeRecord(OTHER_ID));
    await inventory().remove(owned("ecs-service", SERVICE_ARN));
    expect(await records.list()).toEqual([computeRecord(OTHER_ID)]);

    ecs.reset();
    ecs.on(UpdateServiceCommand).rejects(awsError("ServiceNotActiveException"));
    expect(await inventory().remove(owned("ecs-service", SERVICE_ARN))).toEqual([]);
    expect(ecs.commandCalls(DeleteServiceCommand)).toHaveLength(0);
  });

  it("deregisters, then deletes a revision with exact inputs", async () => {
    ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    ecs.on(DeleteTaskDefinitionsCommand).resolves({
      taskDefinitions: [{ taskDefinitionArn: REVISION_ARN }],
      failures: [],
    });
    expect(await inventory().remove(owned("task-definition", REVISION_ARN))).toEqual([REVISION_ARN]);
    expect(inputsOf(ecs.commandCalls(DeregisterTaskDefinitionCommand))).toEqual([
      { taskDefinition: REVISION_ARN },
    ]);
    expect(inputsOf(ecs.commandCalls(DeleteTaskDefinitionsCommand))).toEqual([
      { taskDefinitions: [REVISION_ARN] },
    ]);
  });

  it("takes a revision already deregistered or deleted as done, and reports a real failure", async () => {
    ecs
      .on(DeregisterTaskDefinitionCommand)
      .rejects(awsError("ClientException", { message: "The specified task definition is INACTIVE." }));
    ecs.on(DeleteTaskDefinitionsCommand).resolves({
      failures: [{ arn: REVISION_ARN, reason: "The specified task definition does not exist." }],
    });
    expect(await inventory().remove(owned("task-definition", REVISION_ARN))).toEqual([]);

    ecs.on(DeleteTaskDefinitionsCommand).resolves({
      failures: [{ arn: REVISION_ARN, reason: "The task definition is in use." }],
    });
    await expect(inventory().remove(owned("task-definition", REVISION_ARN))).rejects.toMatchObject({
      code: "COMPUTE.RELEASE_INCOMPLETE",
      retryable: true,
    });
  });

  it("reports throttling after one call (the SDK client retries) as COMPUTE.THROTTLED", async () => {
    ecs.on(UpdateServiceCommand).rejects(awsError("ClientException", { message: "Rate exceeded" }));
    await expect(inventory().remove(owned("ecs-service", SERVICE_ARN))).rejects.toMatchObject({
      code: "COMPUTE.THROTTLED",
      retryable: true,
    });
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1);
  });

  it("refuses what it never lists, before any call", async () => {
    for (const resource of [
      owned("process-group", "acme:1234"),
      owned("ecs-service", "wp-acme-dev"),
      owned("task-definition", "wp-acme-dev:3"),
    ])
      await expect(inventory().remove(resource)).rejects.toMatchObject({ code: "COMPUTE.INVALID_REQUEST" });
    expect(ecs.calls()).toHaveLength(0);
  });
});
