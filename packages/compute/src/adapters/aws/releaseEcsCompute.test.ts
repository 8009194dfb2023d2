import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  ListTaskDefinitionsCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import {
  awsError,
  ecsTestBed,
  inputsOf,
  instance,
  SERVICE_ARN,
  service,
  TD_ARN,
  tags,
} from "./ecsTestKit.ts";

const revisions = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => TD_ARN(from + i));
const deletedAs = (input: { taskDefinitions?: string[] }) => ({
  taskDefinitions: (input.taskDefinitions ?? []).map((taskDefinitionArn) => ({ taskDefinitionArn })),
  failures: [],
});

const bed = ecsTestBed((clients) => {
  clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
  clients.ecsMock.on(UpdateServiceCommand).resolves({ service: service({ desiredCount: 0 }) });
  clients.ecsMock.on(DeleteServiceCommand).resolves({ service: service({ status: "DRAINING" }) });
  clients.ecsMock.on(DeregisterTaskDefinitionCommand).resolves({});
  clients.ecsMock.on(DeleteTaskDefinitionsCommand).callsFake(deletedAs);
  // Generic first: aws-sdk-client-mock lets the last matching registration win.
  clients.ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
});

/** The release as the decider runs it: find, then the service, then the revisions. */
async function release(): Promise<string[]> {
  if (!(await bed.provider.findCompute(instance)).owned) return [];
  return [...(await bed.provider.deleteService(instance)), ...(await bed.provider.deleteRevisions(instance))];
}
describe("the ECS release steps", () => {
  it("scales to 0, deletes the service, then deregisters and deletes every revision across pages", async () => {
    bed.clients.ecsMock
      .on(ListTaskDefinitionsCommand, { status: "ACTIVE" })
      .resolvesOnce({ taskDefinitionArns: revisions(4, 10), nextToken: "active-2" })
      .resolvesOnce({ taskDefinitionArns: [...revisions(11, 15), TD_ARN(1, "wp-acme-devx")] });
    bed.clients.ecsMock
      .on(ListTaskDefinitionsCommand, { status: "INACTIVE" })
      .resolvesOnce({ taskDefinitionArns: revisions(1, 2), nextToken: "inactive-2" })
      .resolvesOnce({ taskDefinitionArns: [TD_ARN(3), TD_ARN(4)] });

    const released = await release();

    expect(inputsOf(bed.clients, UpdateServiceCommand)).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", desiredCount: 0 },
    ]);
    expect(inputsOf(bed.clients, DeleteServiceCommand)).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", force: true },
    ]);
    expect(inputsOf(bed.clients, ListTaskDefinitionsCommand)).toEqual([
      { familyPrefix: "wp-acme-dev", status: "ACTIVE", nextToken: undefined },
      { familyPrefix: "wp-acme-dev", status: "ACTIVE", nextToken: "active-2" },
      { familyPrefix: "wp-acme-dev", status: "INACTIVE", nextToken: undefined },
      { familyPrefix: "wp-acme-dev", status: "INACTIVE", nextToken: "inactive-2" },
    ]);
    expect(inputsOf(bed.clients, DeregisterTaskDefinitionCommand)).toEqual(
      revisions(4, 15).map((taskDefinition) => ({ taskDefinition })),
    );
    // Deregistered ones first (the INACTIVE listing may lag), each revision once, 10 a call.
    const all = [...revisions(4, 15), ...revisions(1, 3)];
    expect(inputsOf(bed.clients, DeleteTaskDefinitionsCommand)).toEqual([
      { taskDefinitions: all.slice(0, 10) },
      { taskDefinitions: all.slice(10) },
    ]);
    expect(released).toEqual([SERVICE_ARN, ...all]);
  });

  it("is a no-op the second time, tolerating a service already gone", async () => {
    expect(await release()).toEqual([SERVICE_ARN]);
    bed.clients.ecsMock.on(UpdateServiceCommand).rejects(awsError("ServiceNotActiveException"));
    expect(await release()).toEqual([]);
    expect(bed.clients.ecsMock.commandCalls(DeleteServiceCommand)).toHaveLength(1);
    expect(bed.clients.ecsMock.commandCalls(DeleteTaskDefinitionsCommand)).toHaveLength(0);
  });

  it("tolerates a service deleted between the look and the delete", async () => {
    bed.clients.ecsMock
      .on(UpdateServiceCommand)
      .rejects(awsError("ServiceNotFoundException", "Service not found."));
    bed.clients.ecsMock
      .on(ListTaskDefinitionsCommand, { status: "INACTIVE" })
      .resolves({ taskDefinitionArns: [TD_ARN(1)] });
    expect(await release()).toEqual([TD_ARN(1)]);
    expect(bed.clients.ecsMock.commandCalls(DeleteServiceCommand)).toHaveLength(0);
  });

  it("finds a same-named service made for another instance not ours: the decider deletes nothing", async () => {
    const foreign = tags.map((tag) => (tag.key === "bbws:instanceId" ? { ...tag, value: "other" } : tag));
    bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ tags: foreign })] });
    expect(await release()).toEqual([]);
    expect(bed.clients.ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(bed.clients.ecsMock.commandCalls(ListTaskDefinitionsCommand)).toHaveLength(0);
  });

  it("skips revisions already being deleted, and retries later when one refuses", async () => {
    bed.clients.ecsMock.on(ListTaskDefinitionsCommand, { status: "INACTIVE" }).resolves({
      taskDefinitionArns: [TD_ARN(1), TD_ARN(2)],
    });
    bed.clients.ecsMock
      .on(DeleteTaskDefinitionsCommand)
      .resolvesOnce({
        taskDefinitions: [{ taskDefinitionArn: TD_ARN(2) }],
        failures: [{ arn: TD_ARN(1), reason: "The specified task definition is already DELETE_IN_PROGRESS" }],
      })
      .resolvesOnce({ failures: [{ arn: TD_ARN(1), reason: "ACCESS DENIED" }] });
    expect(await release()).toEqual([SERVICE_ARN, TD_ARN(2)]);

    await expect(release()).rejects.toMatchObject({
      code: "COMPUTE.RELEASE_INCOMPLETE",
      retryable: true,
    });
  });
});
