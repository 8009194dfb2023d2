import {
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import {
  awsError,
  ecsTestBed,
  inputsOf,
  instance,
  SERVICE_ARN,
  sampleRequest,
  service,
  stubProvisioning,
  TD_ARN,
  tags,
  wanted,
} from "./ecsTestKit.ts";

const bed = ecsTestBed(stubProvisioning);

describe("createService adopting a service left by a crash", () => {
  const notIdempotent = awsError("InvalidParameterException", "Creation of service was not idempotent.");

  it("adopts the existing service and moves it to the new revision and count", async () => {
    bed.clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    bed.clients.ecsMock
      .on(UpdateServiceCommand)
      .resolves({ service: service({ taskDefinition: TD_ARN(2) }) });
    const moved = { ...wanted(2), revisionRef: TD_ARN(2) };
    expect(await bed.provider.createService(instance, moved)).toBe(SERVICE_ARN);
    expect(bed.clients.ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
      include: ["TAGS"],
    });
    expect(inputsOf(bed.clients, UpdateServiceCommand)).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", taskDefinition: TD_ARN(2), desiredCount: 2 },
    ]);
    // Two for the adopted service's tasks, taken before CreateService.
    expect(bed.limiter.taken).toBe(2);
  });

  it("adopts without an update when the service already matches", async () => {
    bed.clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    expect(await bed.provider.createService(instance, wanted())).toBe(SERVICE_ARN);
    expect(bed.clients.ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it("refuses a same-named service of another instance, and waits for one still draining", async () => {
    bed.clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    const foreign = tags.map((tag) => (tag.key === "bbws:instanceId" ? { ...tag, value: "other" } : tag));
    bed.clients.ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [service({ tags: foreign })] });
    await expect(bed.provider.createService(instance, wanted())).rejects.toMatchObject({
      code: "COMPUTE.NAME_TAKEN",
      retryable: false,
    });
    bed.clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "DRAINING" })] });
    await expect(bed.provider.createService(instance, wanted())).rejects.toMatchObject({
      code: "COMPUTE.SERVICE_DRAINING",
      retryable: true,
    });
  });

  it("reports an InvalidParameterException without a service behind it as an invalid request", async () => {
    bed.clients.ecsMock
      .on(CreateServiceCommand)
      .rejects(awsError("InvalidParameterException", "subnet is bad"));
    bed.clients.ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ reason: "MISSING" }] });
    const error = await bed.provider.createService(instance, wanted()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).toMatchObject({ code: "COMPUTE.INVALID_REQUEST", retryable: false });
    expect((error as Error).message).toContain("subnet is bad");
  });
});

describe("provisioning step failures", () => {
  it("refuses a local secret reference before calling AWS", async () => {
    const request = sampleRequest();
    const local = {
      ...request,
      storage: { ...request.storage, credentialsSecretRef: "local-secret:acme/db" },
    };
    await expect(bed.provider.registerRevision(instance, local)).rejects.toMatchObject({
      code: "COMPUTE.INVALID_REQUEST",
      retryable: false,
    });
    expect(bed.clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it("does not retry a missing cluster and says so", async () => {
    bed.clients.ecsMock
      .on(CreateServiceCommand)
      .rejects(awsError("ClusterNotFoundException", "Cluster not found."));
    await expect(bed.provider.createService(instance, wanted())).rejects.toMatchObject({
      code: "COMPUTE.CLUSTER_NOT_FOUND",
      retryable: false,
    });
    expect(bed.clients.ecsMock.commandCalls(CreateServiceCommand)).toHaveLength(1);
  });

  it("reports throttling after one call (the SDK client retries) as COMPUTE.THROTTLED, retryable", async () => {
    bed.clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(awsError("ThrottlingException", "Rate exceeded", "client", 400));
    await expect(bed.provider.registerRevision(instance, sampleRequest())).rejects.toMatchObject({
      code: "COMPUTE.THROTTLED",
      retryable: true,
    });
    expect(bed.clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
  });

  it("rides out a 5xx and a throttle across redeliveries, one CreateService each", async () => {
    bed.clients.ecsMock
      .on(CreateServiceCommand)
      .rejectsOnce(awsError("ServerException", "internal", "server", 500))
      .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
      .resolves({ service: service() });
    for (const code of ["COMPUTE.AWS_UNAVAILABLE", "COMPUTE.THROTTLED"])
      await expect(bed.provider.createService(instance, wanted())).rejects.toMatchObject({
        code,
        retryable: true,
      });
    expect(await bed.provider.createService(instance, wanted())).toBe(SERVICE_ARN);
    expect(bed.clients.ecsMock.commandCalls(CreateServiceCommand)).toHaveLength(3);
  });
});
