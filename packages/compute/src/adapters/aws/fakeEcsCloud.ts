import {
  CreateLogGroupCommand,
  FilterLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DeleteServiceCommand,
  DescribeServicesCommand,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { awsError, type MockedClients } from "./ecsTestKit.ts";
import { ACCOUNT, fakeInstallTasks, fakeTaskDefinitions } from "./fakeEcsRevisions.ts";
import { type FakeIamOptions, installFakeIam } from "./fakeIamRoles.ts";

interface FakeService {
  service: Service;
  clientToken: string;
  targetGroupArn: string;
}

/**
 * A small stateful ECS + ELB + Logs + IAM behind the mocked clients, for the contract suite
 * (IAM: fakeIamRoles.ts; ECS refuses a task role IAM has not propagated yet):
 * deployments complete at once, every running task is a healthy target, and WordPress
 * answers 200 at a tenant's URL while its service runs tasks once an install task ran (302
 * before). Install tasks (RunTask, idempotent by clientToken) stop with exit 0 when first described. Lists page two at a time.
 */
export function installFakeEcsCloud(clients: MockedClients, iam?: FakeIamOptions) {
  const roles = installFakeIam(clients, iam ?? { clock: () => new Date() });
  const roleOf = fakeTaskDefinitions(clients, roles.visibleToEcs);
  const services = fakeServices(clients);
  fakeTargetsAndLogs(clients, services);
  const installed = fakeInstallTasks(clients, roleOf, roles.visibleToEcs);
  /** WordPress at a tenant's URL answers while its service runs a task; before install it redirects. */
  const httpGet = async (url: string) => {
    const tenant = new URL(url).hostname.split(".")[0];
    const entry = services.get(`wp-${tenant}-dev`);
    const up = entry?.service.status === "ACTIVE" && (entry.service.runningCount ?? 0) > 0;
    if (!up) return { status: 503 };
    return { status: installed.has(`wp-${tenant}-dev`) ? 200 : 302 };
  };
  return { httpGet, roles };
}

function fakeServices(clients: MockedClients): Map<string, FakeService> {
  const services = new Map<string, FakeService>();
  clients.ecsMock.on(CreateServiceCommand).callsFake((input: CreateServiceCommandInput) => {
    const name = input.serviceName ?? "";
    const existing = services.get(name);
    if (existing && existing.service.status === "ACTIVE") {
      const same =
        existing.clientToken === input.clientToken &&
        existing.service.taskDefinition === input.taskDefinition;
      if (same) return { service: existing.service };
      throw awsError("InvalidParameterException", "Creation of service was not idempotent.");
    }
    const service = settled({
      serviceArn: `${ACCOUNT}:service/${input.cluster}/${name}`,
      serviceName: name,
      status: "ACTIVE",
      taskDefinition: input.taskDefinition,
      desiredCount: input.desiredCount,
      tags: input.tags,
    });
    const targetGroupArn = input.loadBalancers?.[0]?.targetGroupArn ?? "";
    services.set(name, { service, clientToken: input.clientToken ?? "", targetGroupArn });
    return { service };
  });

  clients.ecsMock.on(DescribeServicesCommand).callsFake(({ services: names }: { services: string[] }) => {
    const found = names.flatMap((name) => {
      const entry = services.get(name);
      return entry ? [entry.service] : [];
    });
    return { services: found, failures: found.length ? [] : [{ reason: "MISSING" }] };
  });

  clients.ecsMock.on(UpdateServiceCommand).callsFake((input: UpdateServiceCommandInput) => {
    const entry = services.get(input.service ?? "");
    if (!entry) throw awsError("ServiceNotFoundException", "Service not found.");
    if (entry.service.status !== "ACTIVE")
      throw awsError("ServiceNotActiveException", "Service was not ACTIVE.");
    entry.service = settled({
      ...entry.service,
      ...(input.taskDefinition ? { taskDefinition: input.taskDefinition } : {}),
      ...(input.desiredCount !== undefined ? { desiredCount: input.desiredCount } : {}),
    });
    return { service: entry.service };
  });

  clients.ecsMock.on(DeleteServiceCommand).callsFake(({ service: name }: { service: string }) => {
    const entry = services.get(name);
    if (entry?.service.status !== "ACTIVE") throw awsError("ServiceNotFoundException", "Service not found.");
    entry.service = { ...entry.service, status: "INACTIVE" };
    return { service: entry.service };
  });
  return services;
}

function fakeTargetsAndLogs(clients: MockedClients, services: Map<string, FakeService>): void {
  clients.elbMock
    .on(DescribeTargetHealthCommand)
    .callsFake(({ TargetGroupArn }: { TargetGroupArn: string }) => {
      const entry = [...services.values()].find((candidate) => candidate.targetGroupArn === TargetGroupArn);
      const running = entry?.service.status === "ACTIVE" ? (entry.service.runningCount ?? 0) : 0;
      return {
        TargetHealthDescriptions: Array.from({ length: running }, (_, index) => ({
          Target: { Id: `10.0.1.${index + 10}`, Port: 80 },
          TargetHealth: { State: "healthy" },
        })),
      };
    });

  clients.logsMock.on(CreateLogGroupCommand).resolves({});
  clients.logsMock.on(PutRetentionPolicyCommand).resolves({});
  clients.logsMock.on(FilterLogEventsCommand).callsFake(({ limit }: { limit: number }) => ({
    events: [{ timestamp: Date.UTC(2026, 10, 22, 10), message: "GET / 200" }].slice(0, limit),
  }));
}

/** Deployments in the fake complete at once. */
function settled(service: Service): Service {
  const count = service.desiredCount ?? 0;
  return {
    ...service,
    runningCount: count,
    deployments: [
      {
        status: "PRIMARY",
        taskDefinition: service.taskDefinition,
        desiredCount: count,
        runningCount: count,
        rolloutState: "COMPLETED",
      },
    ],
  };
}
