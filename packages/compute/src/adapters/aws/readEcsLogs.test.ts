import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { beforeEach, describe, expect, it } from "vitest";
import type { ComputeProvider } from "../../ports.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { awsError, instance, type MockedClients, mockedClients, testDeps } from "./ecsTestKit.ts";

let clients: MockedClients;
let provider: ComputeProvider;
beforeEach(() => {
  clients = mockedClients();
  provider = createEcsComputeProvider(testDeps(clients));
});

const at = (second: number) => Date.UTC(2026, 10, 22, 10, 0, second);
const event = (second: number, message: string) => ({
  timestamp: at(second),
  message,
  logStreamName: "dev/wordpress/abc",
});
const inputs = () => clients.logsMock.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);

describe("readLogs on CloudWatch Logs", () => {
  it("filters the environment's streams and keeps paging until the limit is met", async () => {
    clients.logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event(1, "GET / 200")], nextToken: "t1" })
      .resolvesOnce({ events: [], nextToken: "t2" })
      .resolvesOnce({
        events: [event(2, "GET /wp-login.php 200"), event(3, "POST /wp-login.php 302")],
        nextToken: "t3",
      });
    const page = await provider.readLogs?.(instance, {
      startTime: new Date(at(0)),
      endTime: new Date(at(59)),
      limit: 3,
    });
    expect(page).toEqual({
      events: [
        { timestamp: "2026-11-22T10:00:01.000Z", message: "GET / 200" },
        { timestamp: "2026-11-22T10:00:02.000Z", message: "GET /wp-login.php 200" },
        { timestamp: "2026-11-22T10:00:03.000Z", message: "POST /wp-login.php 302" },
      ],
      nextToken: "t3",
    });
    const base = {
      logGroupName: "/bbws/wp/acme",
      logStreamNamePrefix: "wp-acme-dev/",
      startTime: at(0),
      endTime: at(59),
    };
    expect(inputs()).toEqual([
      { ...base, limit: 3 },
      { ...base, limit: 2, nextToken: "t1" },
      { ...base, limit: 2, nextToken: "t2" },
    ]);
  });

  it("continues from the caller's token with the default limit, and ends without a token", async () => {
    clients.logsMock.on(FilterLogEventsCommand).resolves({ events: [event(4, "done")] });
    expect(await provider.readLogs?.(instance, { nextToken: "t3" })).toEqual({
      events: [{ timestamp: "2026-11-22T10:00:04.000Z", message: "done" }],
    });
    expect(inputs()).toEqual([
      { logGroupName: "/bbws/wp/acme", logStreamNamePrefix: "wp-acme-dev/", limit: 100, nextToken: "t3" },
    ]);
  });

  it("refuses a limit outside 1-1000 before calling AWS", async () => {
    for (const limit of [0, 1001, 1.5])
      await expect(provider.readLogs?.(instance, { limit })).rejects.toMatchObject({
        code: "COMPUTE.INVALID_REQUEST",
        retryable: false,
      });
    expect(inputs()).toEqual([]);
  });

  it("reads a log group that does not exist yet as an empty log", async () => {
    clients.logsMock.on(FilterLogEventsCommand).rejects(awsError("ResourceNotFoundException"));
    expect(await provider.readLogs?.(instance, {})).toEqual({ events: [] });
  });
});
