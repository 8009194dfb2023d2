import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { GetRoleCommand, type Role } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import { createComputeDriver } from "../../testing/computeDriver.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { awsError, instance, mockedClients, sampleRequest, TD_ARN, testDeps } from "./ecsTestKit.ts";
import { installFakeEcsCloud } from "./fakeEcsCloud.ts";
import { ROLE_PROPAGATION_MS } from "./roleReadiness.ts";

/** A clock the test moves; it starts at the real time (no fixed date can meet the real clock). */
function movableClock() {
  let now = Date.now();
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function failure(run: Promise<unknown>): Promise<ComputeError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ComputeError);
  return error as ComputeError;
}

describe("a task role IAM has not propagated yet (fake ECS + fake IAM)", () => {
  it("given a role made a moment ago, RegisterTaskDefinition's 'Role is not valid' is ROLE_NOT_READY, retryable; later it passes", async () => {
    const time = movableClock();
    const clients = mockedClients();
    installFakeEcsCloud(clients, { clock: time.clock, propagationMs: 10_000 });
    const provider = createEcsComputeProvider(testDeps(clients, { clock: time.clock }));
    await provider.createTaskRole(instance, sampleRequest());

    const error = await failure(provider.registerRevision(instance, sampleRequest()));
    expect(error).toMatchObject({ code: "COMPUTE.ROLE_NOT_READY", retryable: true });
    expect(error.message).toContain("created 0 s ago");

    time.advance(10_000);
    expect(await provider.registerRevision(instance, sampleRequest())).toMatch(
      /task-definition\/wp-acme-dev:1$/,
    );
  });

  it("provisions through it: the service redelivers until IAM shows ECS the role, then answers healthy", async () => {
    const time = movableClock();
    const clients = mockedClients();
    const { httpGet } = installFakeEcsCloud(clients, { clock: time.clock, propagationMs: 45_000 });
    const provider = createEcsComputeProvider(testDeps(clients, { clock: time.clock, httpGet }));
    const driver = createComputeDriver(provider, {
      receives: 5,
      pause: async () => void time.advance(30_000),
    });

    const answers = await driver.provision(instance, {
      ...sampleRequest(),
      operationId: crypto.randomUUID(),
    });

    expect(answers.map((event) => event["detail-type"])).toEqual(["ComputeReady", "InstanceHealthy"]);
    // Refused at 0 s and 30 s, accepted at 60 s.
    expect(clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(3);
  });

  it("given a role ECS never accepts, the retries end: ROLE_NOT_ASSUMABLE once the propagation bound has passed", async () => {
    const time = movableClock();
    const clients = mockedClients();
    installFakeEcsCloud(clients, { clock: time.clock, propagationMs: Number.POSITIVE_INFINITY });
    const provider = createEcsComputeProvider(testDeps(clients, { clock: time.clock }));
    const driver = createComputeDriver(provider, {
      receives: 6,
      pause: async () => void time.advance(30_000),
    });

    const answers = await driver.provision(instance, {
      ...sampleRequest(),
      operationId: crypto.randomUUID(),
    });

    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      "detail-type": "ComputeFailed",
      detail: { data: { code: "COMPUTE.ROLE_NOT_ASSUMABLE", retryable: false } },
    });
    expect(clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(
      ROLE_PROPAGATION_MS / 30_000 + 1,
    );
  });
});

describe("RunTask refusing the role (mocked answers)", () => {
  const refused = awsError(
    "InvalidParameterException",
    "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/bbws/tenants/wp-acme-dev-task' that was provided for this task.",
  );
  const input = { revisionRef: TD_ARN(1), attempt: 1, siteUrl: "https://acme.sites.bbws.example.com/" };

  function providerWithRole(role: Partial<Role> | undefined) {
    const time = movableClock();
    const clients = mockedClients();
    clients.ecsMock.on(RunTaskCommand).rejects(refused);
    if (role) clients.iamMock.on(GetRoleCommand).resolves({ Role: role as Role });
    else clients.iamMock.on(GetRoleCommand).rejects(awsError("NoSuchEntityException"));
    return { provider: createEcsComputeProvider(testDeps(clients, { clock: time.clock })) };
  }

  it("within the bound: ROLE_NOT_READY, retryable; with no role at all: ROLE_NOT_ASSUMABLE", async () => {
    const young = providerWithRole({
      RoleName: "wp-acme-dev-task",
      CreateDate: new Date(Date.now() - 5_000),
    });
    const error = await failure(young.provider.startInstall(instance, input));
    expect(error).toMatchObject({ code: "COMPUTE.ROLE_NOT_READY", retryable: true });
    // No role at all: waiting cannot help.
    const missing = await failure(providerWithRole(undefined).provider.startInstall(instance, input));
    expect(missing).toMatchObject({ code: "COMPUTE.ROLE_NOT_ASSUMABLE", retryable: false });
    expect(missing.message).toContain("the role does not exist");
  });

  it("past the bound: ROLE_NOT_ASSUMABLE, not retryable, naming what to check", async () => {
    const old = providerWithRole({
      RoleName: "wp-acme-dev-task",
      CreateDate: new Date(Date.now() - ROLE_PROPAGATION_MS - 1_000),
    });
    const error = await failure(old.provider.startInstall(instance, input));
    expect(error).toMatchObject({ code: "COMPUTE.ROLE_NOT_ASSUMABLE", retryable: false });
    expect(error.message).toContain("trust policy");
  });

  it("another InvalidParameterException is not about the role: INVALID_REQUEST, no IAM call", async () => {
    const clients = mockedClients();
    clients.ecsMock.on(RunTaskCommand).rejects(awsError("InvalidParameterException", "subnets are invalid"));
    const provider = createEcsComputeProvider(testDeps(clients));
    const error = await failure(provider.startInstall(instance, input));
    expect(error).toMatchObject({ code: "COMPUTE.INVALID_REQUEST", retryable: false });
    expect(clients.iamMock.commandCalls(GetRoleCommand)).toHaveLength(0);
  });
});

describe("an install task that could not start because its role could not read the secrets yet", () => {
  const initError =
    "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: AccessDeniedException";
  function stoppedBeforeRunning(role: Partial<Role>) {
    const clients = mockedClients();
    clients.ecsMock.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: "task-1",
          lastStatus: "STOPPED",
          stoppedReason: initError,
          containers: [{ name: "wordpress" }],
        },
      ],
    });
    clients.iamMock.on(GetRoleCommand).resolves({ Role: role as Role });
    return createEcsComputeProvider(testDeps(clients, { clock: () => new Date() }));
  }

  it("given a young role, then the task is gone: the decider runs the next attempt", async () => {
    const provider = stoppedBeforeRunning({ CreateDate: new Date(Date.now() - 10_000) });
    expect(await provider.awaitInstall(instance, { taskRef: "task-1" })).toBe("gone");
  });

  it("given an old role, then INSTALL_FAILED with ECS's reason, not retryable", async () => {
    const provider = stoppedBeforeRunning({ CreateDate: new Date(Date.now() - ROLE_PROPAGATION_MS - 1_000) });
    const error = await failure(provider.awaitInstall(instance, { taskRef: "task-1" }));
    expect(error).toMatchObject({ code: "COMPUTE.INSTALL_FAILED", retryable: false });
    expect(error.message).toContain("ResourceInitializationError");
  });
});
