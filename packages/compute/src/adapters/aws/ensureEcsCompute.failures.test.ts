import {
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { beforeEach, describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import {
  awsError,
  countingLimiter,
  instance,
  type MockedClients,
  mockedClients,
  SERVICE_ARN,
  sampleRequest,
  service,
  stubProvisioning,
  TD_ARN,
  tags,
  testDeps,
} from "./ecsTestKit.ts";

let clients: MockedClients;
beforeEach(() => {
  clients = mockedClients();
  stubProvisioning(clients);
});

describe("ensureCompute adopting a service left by a crash", () => {
  const notIdempotent = awsError("InvalidParameterException", "Creation of service was not idempotent.");

  it("adopts the existing service and moves it to the new revision and count", async () => {
    clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(2) } });
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    clients.ecsMock.on(UpdateServiceCommand).resolves({ service: service({ taskDefinition: TD_ARN(2) }) });
    const limiter = countingLimiter();
    const outputs = await createEcsComputeProvider(testDeps(clients, { limiter })).ensureCompute(
      instance,
      sampleRequest({ desiredCount: 2 }),
    );
    expect(outputs).toEqual({ serviceRef: SERVICE_ARN, taskDefinitionRef: TD_ARN(2), desiredCount: 2 });
    expect(clients.ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
      include: ["TAGS"],
    });
    expect(clients.ecsMock.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", service: "wp-acme-dev", taskDefinition: TD_ARN(2), desiredCount: 2 },
    ]);
    // One for the install task, two for the adopted service's tasks.
    expect(limiter.taken).toBe(3);
  });

  it("adopts without an update when the service already matches", async () => {
    clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service()] });
    const outputs = await createEcsComputeProvider(testDeps(clients)).ensureCompute(
      instance,
      sampleRequest(),
    );
    expect(outputs.serviceRef).toBe(SERVICE_ARN);
    expect(clients.ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it("refuses a same-named service of another instance, and waits for one still draining", async () => {
    clients.ecsMock.on(CreateServiceCommand).rejects(notIdempotent);
    const foreign = tags.map((tag) => (tag.key === "bbws:instanceId" ? { ...tag, value: "other" } : tag));
    clients.ecsMock.on(DescribeServicesCommand).resolvesOnce({ services: [service({ tags: foreign })] });
    const provider = createEcsComputeProvider(testDeps(clients));
    await expect(provider.ensureCompute(instance, sampleRequest())).rejects.toMatchObject({
      code: "COMPUTE.NAME_TAKEN",
      retryable: false,
    });
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "DRAINING" })] });
    await expect(provider.ensureCompute(instance, sampleRequest())).rejects.toMatchObject({
      code: "COMPUTE.SERVICE_DRAINING",
      retryable: true,
    });
  });

  it("reports an InvalidParameterException without a service behind it as an invalid request", async () => {
    clients.ecsMock.on(CreateServiceCommand).rejects(awsError("InvalidParameterException", "subnet is bad"));
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    const error = await createEcsComputeProvider(testDeps(clients))
      .ensureCompute(instance, sampleRequest())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).toMatchObject({ code: "COMPUTE.INVALID_REQUEST", retryable: false });
    expect((error as Error).message).toContain("subnet is bad");
  });
});

describe("ensureCompute failures", () => {
  it("refuses a local secret reference before calling AWS", async () => {
    const request = sampleRequest();
    const local = {
      ...request,
      storage: { ...request.storage, credentialsSecretRef: "local-secret:acme/db" },
    };
    await expect(
      createEcsComputeProvider(testDeps(clients)).ensureCompute(instance, local),
    ).rejects.toMatchObject({
      code: "COMPUTE.INVALID_REQUEST",
      retryable: false,
    });
    expect(clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it("does not retry a missing cluster and says so", async () => {
    clients.ecsMock
      .on(CreateServiceCommand)
      .rejects(awsError("ClusterNotFoundException", "Cluster not found."));
    await expect(
      createEcsComputeProvider(testDeps(clients)).ensureCompute(instance, sampleRequest()),
    ).rejects.toMatchObject({ code: "COMPUTE.CLUSTER_NOT_FOUND", retryable: false });
    expect(clients.ecsMock.commandCalls(CreateServiceCommand)).toHaveLength(1);
  });

  it("reports throttling after one call (the SDK client retries) as COMPUTE.THROTTLED, retryable", async () => {
    clients.ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(awsError("ThrottlingException", "Rate exceeded", "client", 400));
    const deps = testDeps(clients);
    await expect(
      createEcsComputeProvider(deps).ensureCompute(instance, sampleRequest()),
    ).rejects.toMatchObject({
      code: "COMPUTE.THROTTLED",
      retryable: true,
    });
    expect(clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
  });

  it("rides out a 5xx and a throttle across redeliveries, one CreateService each", async () => {
    clients.ecsMock
      .on(CreateServiceCommand)
      .rejectsOnce(awsError("ServerException", "internal", "server", 500))
      .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
      .resolves({ service: service() });
    const provider = createEcsComputeProvider(testDeps(clients));
    for (const code of ["COMPUTE.AWS_UNAVAILABLE", "COMPUTE.THROTTLED"])
      await expect(provider.ensureCompute(instance, sampleRequest())).rejects.toMatchObject({
        code,
        retryable: true,
      });
    const outputs = await provider.ensureCompute(instance, sampleRequest());
    expect(outputs.serviceRef).toBe(SERVICE_ARN);
    expect(clients.ecsMock.commandCalls(CreateServiceCommand)).toHaveLength(3);
  });
});
