import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateServiceCommand,
  type Deployment,
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import { ComputeRequested, type InstanceRef } from "@bbws/contracts";
import type { RateLimiter } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach } from "vitest";
import type { ComputeRequest } from "../../ports.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import type { EcsComputeDeps } from "./ecsComputeConfig.ts";

/** Test helpers for the ECS adapter: fixture request, config, mocked clients. Not shipped in the barrel. */
export const config = {
  cluster: "bbws-dev",
  subnets: ["subnet-private-a", "subnet-private-b"],
  securityGroups: ["sg-wordpress"],
  accountId: "123456789012",
  fileSystemId: "fs-0123456789abcdef0",
  region: "eu-west-1",
} as const;

export const instance: InstanceRef = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
};

const fixturePath = join(import.meta.dirname, "..", "..", "..", "..", "contracts", "fixtures");

/** The ComputeRequested fixture's data, for `instance` unless another is given. */
export function sampleRequest(
  overrides: { tenantId?: string; desiredCount?: number; size?: "small" | "medium" | "large" } = {},
): ComputeRequest {
  const event = JSON.parse(readFileSync(join(fixturePath, "ComputeRequested.v1.json"), "utf8"));
  const data = ComputeRequested.data.parse(event.detail.data);
  const tenantId = overrides.tenantId ?? data.spec.tenantId;
  return {
    ...data,
    spec: {
      ...data.spec,
      tenantId,
      desiredCount: overrides.desiredCount ?? data.spec.desiredCount,
      size: overrides.size ?? data.spec.size,
    },
    routing: {
      ...data.routing,
      targetGroupRef: data.routing.targetGroupRef.replace("tg-acme-dev", `tg-${tenantId}-dev`),
      url: `https://${tenantId}.sites.bbws.example.com/`,
    },
  };
}

export const TD_ARN = (revision: number, family = "wp-acme-dev") =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;
export const INSTALL_TASK_ARN =
  "arn:aws:ecs:eu-west-1:123456789012:task/bbws-dev/0123456789abcdef0123456789abcdef";
export const TASK_ROLE_ARN = "arn:aws:iam::123456789012:role/bbws/tenants/wp-acme-dev-task";
export const SERVICE_ARN = "arn:aws:ecs:eu-west-1:123456789012:service/bbws-dev/wp-acme-dev";

export const tags = [
  { key: "bbws:tenantId", value: "acme" },
  { key: "bbws:instanceId", value: instance.instanceId },
  { key: "bbws:environment", value: "dev" },
  { key: "bbws:managedBy", value: "bbws-instance-management" },
];

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    status: "PRIMARY",
    taskDefinition: TD_ARN(1),
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    rolloutState: "COMPLETED",
    ...overrides,
  };
}

export function service(overrides: Partial<Service> = {}): Service {
  return {
    serviceArn: SERVICE_ARN,
    serviceName: "wp-acme-dev",
    status: "ACTIVE",
    taskDefinition: TD_ARN(1),
    desiredCount: 1,
    runningCount: 1,
    deployments: [deployment()],
    tags,
    ...overrides,
  };
}

/** Counts the tokens taken, without waiting. */
export function countingLimiter(): RateLimiter & { taken: number } {
  const limiter = {
    taken: 0,
    async acquire() {
      limiter.taken += 1;
    },
  };
  return limiter;
}

export function mockedClients() {
  const ecs = new ECSClient({ region: "eu-west-1" });
  const elbv2 = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
  const logs = new CloudWatchLogsClient({ region: "eu-west-1" });
  const iam = new IAMClient({ region: "eu-west-1" });
  const clients = {
    ecs,
    elbv2,
    logs,
    iam,
    ecsMock: mockClient(ecs),
    elbMock: mockClient(elbv2),
    logsMock: mockClient(logs),
    iamMock: mockClient(iam),
  };
  // Every provisioning runs the install task: by default it starts and has succeeded.
  stubInstall(clients);
  return clients;
}

export type MockedClients = ReturnType<typeof mockedClients>;

export function testDeps(clients: MockedClients, extra: Partial<EcsComputeDeps> = {}): EcsComputeDeps {
  return {
    ecs: clients.ecs,
    elbv2: clients.elbv2,
    logs: clients.logs,
    iam: clients.iam,
    config,
    limiter: countingLimiter(),
    httpGet: async () => ({ status: 200 }),
    clock: () => new Date("2026-11-22T10:00:00.000Z"),
    ...extra,
  };
}

/** An SDK-shaped error, as the clients throw them (matched by name, like the adapter does). */
export function awsError(name: string, message = name, fault: "client" | "server" = "client", status = 400) {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

/** The answers a first provisioning needs: log group, revision 1, the service. */
export function stubProvisioning(clients: MockedClients): void {
  clients.logsMock.on(CreateLogGroupCommand).resolves({});
  clients.logsMock.on(PutRetentionPolicyCommand).resolves({});
  clients.ecsMock
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(1) } });
  clients.ecsMock.on(CreateServiceCommand).resolves({ service: service() });
}

/** The install task starts and, when described, has stopped with `exitCode` (0: installed). */
export function stubInstall(clients: MockedClients, exitCode = 0): void {
  clients.ecsMock
    .on(RunTaskCommand)
    .resolves({ tasks: [{ taskArn: INSTALL_TASK_ARN, lastStatus: "PROVISIONING" }] });
  clients.ecsMock.on(DescribeTasksCommand).resolves({
    tasks: [
      { taskArn: INSTALL_TASK_ARN, lastStatus: "STOPPED", containers: [{ name: "wordpress", exitCode }] },
    ],
  });
}

/** The provider over `clients` with a counting limiter; the SDK calls' inputs by command. */
export function ecsProvider(clients: MockedClients, extra: Partial<EcsComputeDeps> = {}) {
  const limiter = countingLimiter();
  const provider = createEcsComputeProvider(testDeps(clients, { limiter, ...extra }));
  return { provider, limiter };
}

export type EcsTestBed = { clients: MockedClients } & ReturnType<typeof ecsProvider>;

/**
 * Fresh mocked clients and provider before each test of the file: `arrange` stubs the answers
 * all its tests share. Read the fields inside tests only (they are replaced before each one).
 */
export function ecsTestBed(arrange: (clients: MockedClients) => void = () => {}): EcsTestBed {
  const bed = {} as EcsTestBed;
  beforeEach(() => {
    const clients = mockedClients();
    arrange(clients);
    Object.assign(bed, { clients, ...ecsProvider(clients) });
  });
  return bed;
}

/** The inputs of every call of `command` made so far. */
export function inputsOf<I extends object>(
  clients: MockedClients,
  command: new (input: I) => { input: I },
): I[] {
  // biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock's command type is not generic enough.
  return clients.ecsMock.commandCalls(command as any).map((call) => call.args[0].input as I);
}

/** What the decider hands the service steps for `instance` on revision 1. */
export const wanted = (desiredCount = 1) => ({
  revisionRef: TD_ARN(1),
  desiredCount,
  targetGroupRef: sampleRequest().routing.targetGroupRef,
});
