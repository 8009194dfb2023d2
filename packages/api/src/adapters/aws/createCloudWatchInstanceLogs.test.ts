import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  ServiceUnavailableException,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createCloudWatchInstanceLogs } from "./createCloudWatchInstanceLogs.ts";

const client = new CloudWatchLogsClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const mocked = mockClient(client);
const logs = createCloudWatchInstanceLogs({ client });
const instance = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "prod",
} as const;

beforeEach(() => mocked.reset());

describe("createCloudWatchInstanceLogs", () => {
  it("filters the tenant's log group by the environment's stream prefix, and maps the page", async () => {
    mocked.on(FilterLogEventsCommand).resolves({
      events: [
        {
          timestamp: Date.parse("2026-11-22T10:00:00Z"),
          message: "GET / 200",
          logStreamName: "wp-acme-prod/wordpress/abc",
        },
      ],
      nextToken: "next-1",
    });
    const page = await logs.read({ instance, startTime: 1, endTime: 2, limit: 50, nextToken: "prev" });
    expect(mocked.commandCalls(FilterLogEventsCommand)[0]?.args[0].input).toEqual({
      logGroupName: "/bbws/wp/acme",
      logStreamNamePrefix: "wp-acme-prod/",
      startTime: 1,
      endTime: 2,
      limit: 50,
      nextToken: "prev",
    });
    expect(page).toEqual({
      items: [
        { timestamp: "2026-11-22T10:00:00.000Z", message: "GET / 200", stream: "wp-acme-prod/wordpress/abc" },
      ],
      nextToken: "next-1",
    });
  });

  it("answers an empty page while the log group does not exist yet", async () => {
    mocked
      .on(FilterLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: "no group", $metadata: {} }));
    expect(await logs.read({ instance, limit: 10 })).toEqual({ items: [] });
  });

  it("maps a refused nextToken to API.INVALID_CURSOR (400)", async () => {
    mocked
      .on(FilterLogEventsCommand)
      .rejects(new InvalidParameterException({ message: "bad token", $metadata: {} }));
    await expect(logs.read({ instance, limit: 10, nextToken: "forged" })).rejects.toMatchObject({
      code: "API.INVALID_CURSOR",
    });
  });

  it("reports an unavailable service the SDK client could not retry away as API.DEPENDENCY_UNAVAILABLE (503)", async () => {
    mocked
      .on(FilterLogEventsCommand)
      .rejects(new ServiceUnavailableException({ message: "down", $metadata: {} }));
    await expect(logs.read({ instance, limit: 10 })).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      retryable: true,
    });
    expect(mocked.commandCalls(FilterLogEventsCommand)).toHaveLength(1);
  });
});
