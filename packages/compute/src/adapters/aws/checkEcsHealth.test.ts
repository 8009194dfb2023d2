import { DescribeServicesCommand, type Service } from "@aws-sdk/client-ecs";
import {
  DescribeTargetHealthCommand,
  type TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { PENDING_WAITS } from "@bbws/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import type { ComputeProvider } from "../../ports.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { deployment, instance, type MockedClients, mockedClients, service, testDeps } from "./ecsTestKit.ts";

const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-acme-dev/0123456789abcdef";
const target = (state: string, id = "10.0.1.10", reason?: string): TargetHealthDescription => ({
  Target: { Id: id, Port: 80 },
  TargetHealth: { State: state as "healthy", ...(reason ? { Reason: reason as "Target.Timeout" } : {}) },
});

let clients: MockedClients;
let provider: ComputeProvider;
let httpStatus: number | Error;
let urls: string[];

beforeEach(() => {
  clients = mockedClients();
  httpStatus = 200;
  urls = [];
  const httpGet = async (url: string) => {
    urls.push(url);
    if (httpStatus instanceof Error) throw httpStatus;
    return { status: httpStatus };
  };
  provider = createEcsComputeProvider(testDeps(clients, { httpGet }));
});

const routing = { url: "https://acme.sites.bbws.example.com/", targetGroupRef: TARGET_GROUP };
const answer = (ecsService: Service, targets: TargetHealthDescription[]) => {
  clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [ecsService] });
  clients.elbMock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: targets });
};
const pendingReason = async () => {
  const error = await provider.checkHealth(instance, routing).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(HealthPendingError);
  expect(error).toMatchObject({ code: "COMPUTE.HEALTH_CHECK_FAILED", retryable: true });
  return (error as Error).message;
};
const twoRunning = (overrides: Partial<Service> = {}) =>
  service({ desiredCount: 2, deployments: [deployment({ desiredCount: 2, runningCount: 2 })], ...overrides });

describe("checkHealth on ECS", () => {
  it("is pending through the rollout, the target checks and WordPress's first answer, then healthy", async () => {
    answer(
      service({
        desiredCount: 2,
        deployments: [
          deployment({ desiredCount: 2, runningCount: 0, pendingCount: 2, rolloutState: "IN_PROGRESS" }),
        ],
      }),
      [],
    );
    expect(await pendingReason()).toContain("0 of 2 tasks running (2 pending)");

    answer(
      service({
        desiredCount: 2,
        deployments: [deployment({ desiredCount: 2, runningCount: 2, rolloutState: "IN_PROGRESS" })],
      }),
      [],
    );
    expect(await pendingReason()).toContain("rollout IN_PROGRESS");

    answer(twoRunning(), [target("healthy"), target("initial", "10.0.2.20", "Elb.InitialHealthChecking")]);
    expect(await pendingReason()).toContain(
      "1 of 2 targets healthy (10.0.2.20:80 initial Elb.InitialHealthChecking)",
    );

    answer(twoRunning(), [target("healthy"), target("healthy", "10.0.2.20")]);
    httpStatus = 502;
    expect(await pendingReason()).toContain("WordPress answered 502 at https://acme.sites.bbws.example.com/");
    httpStatus = new Error("ECONNREFUSED");
    expect(await pendingReason()).toContain("did not answer: ECONNREFUSED");

    httpStatus = 200;
    expect(await provider.checkHealth(instance, routing)).toEqual({
      url: "https://acme.sites.bbws.example.com/",
      httpStatus: 200,
    });
    expect(clients.ecsMock.commandCalls(DescribeServicesCommand).at(-1)?.args[0].input).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
      include: ["TAGS"],
    });
    expect(clients.elbMock.commandCalls(DescribeTargetHealthCommand).at(-1)?.args[0].input).toEqual({
      TargetGroupArn: TARGET_GROUP,
    });
    expect(urls.at(-1)).toBe("https://acme.sites.bbws.example.com/");
  });

  it("looks again rarely while a task starts, often once the ALB's first check or WordPress's answer is near", async () => {
    const { far, near } = PENDING_WAITS.serviceHealth.retryAfterSeconds;
    const lookAfter = async () => {
      const error = await provider.checkHealth(instance, routing).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HealthPendingError);
      return (error as HealthPendingError).retryAfterSeconds;
    };
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    expect(await lookAfter()).toBe(far);
    answer(
      service({
        deployments: [deployment({ runningCount: 0, pendingCount: 1, rolloutState: "IN_PROGRESS" })],
      }),
      [],
    );
    expect(await lookAfter()).toBe(far);
    answer(service({ deployments: [deployment({ rolloutState: "IN_PROGRESS" })] }), []);
    expect(await lookAfter()).toBe(near);
    answer(twoRunning(), [target("healthy"), target("initial", "10.0.2.20", "Elb.InitialHealthChecking")]);
    expect(await lookAfter()).toBe(near);
    answer(twoRunning(), [target("healthy"), target("unhealthy", "10.0.2.20", "Target.Timeout")]);
    expect(await lookAfter()).toBe(far);
    answer(twoRunning(), [target("healthy"), target("healthy", "10.0.2.20")]);
    httpStatus = 502;
    expect(await lookAfter()).toBe(near);
  });

  it("is pending while two deployments overlap, while scaled to 0, and before the service shows up", async () => {
    answer(twoRunning({ deployments: [deployment(), deployment({ status: "ACTIVE" })] }), []);
    expect(await pendingReason()).toContain("2 deployments in progress");
    answer(twoRunning({ desiredCount: 0 }), []);
    expect(await pendingReason()).toContain("scaled to 0");
    clients.ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    expect(await pendingReason()).toContain("not found yet");
    expect(urls).toEqual([]);
  });

  it("reports a rollout the circuit breaker failed as COMPUTE.DEPLOYMENT_FAILED, not retryable", async () => {
    answer(
      twoRunning({
        deployments: [
          deployment({
            rolloutState: "FAILED",
            rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
          }),
        ],
      }),
      [],
    );
    const error = await provider.checkHealth(instance, routing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).not.toBeInstanceOf(HealthPendingError);
    expect(error).toMatchObject({ code: "COMPUTE.DEPLOYMENT_FAILED", retryable: false });
  });
});
