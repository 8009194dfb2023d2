import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DescribeEventBusCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { type BusEvent, SUBSCRIPTIONS } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockEnvironment } from "../clockEnvironment.ts";
import { LOCAL_BUS_NAME, LOCAL_EVENTS_CREDENTIALS } from "./localEventsCredentials.ts";
import { type EventBridgeEndpoint, startEventBridgeEndpoint } from "./startEventBridgeEndpoint.ts";

/** The HTTP adapter with the real clients: @aws-sdk/client-eventbridge, unmodified, and the AWS CLI. */
const published: BusEvent[] = [];
let endpoint: EventBridgeEndpoint;
let client: EventBridgeClient;
const detail = readFileSync(
  join(import.meta.dirname, "..", "..", "..", "contracts", "fixtures", "TenantCreated.v1.json"),
  "utf8",
);
const fixture = JSON.parse(detail) as BusEvent;
const entry: PutEventsRequestEntry = {
  Source: fixture.source,
  DetailType: fixture["detail-type"],
  Detail: JSON.stringify(fixture.detail),
  EventBusName: LOCAL_BUS_NAME,
};

beforeAll(async () => {
  let id = 0;
  endpoint = await startEventBridgeEndpoint({
    deps: {
      bus: { name: LOCAL_BUS_NAME, account: "000000000000", region: "local", createdAt: Date.now() },
      rules: () => SUBSCRIPTIONS,
      secretOf: (key) =>
        key === LOCAL_EVENTS_CREDENTIALS.accessKeyId ? LOCAL_EVENTS_CREDENTIALS.secretAccessKey : undefined,
      clock: Date.now,
      newId: () => `id-${++id}`,
      publish: async (event) => {
        published.push(event);
      },
    },
    port: 0,
    host: "127.0.0.1",
    logger: silentLogger,
  });
  client = new EventBridgeClient({
    endpoint: endpoint.url,
    region: "eu-west-1",
    credentials: LOCAL_EVENTS_CREDENTIALS,
  });
});
afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

describe("the EventBridge endpoint with @aws-sdk/client-eventbridge", () => {
  it("puts events, answering per entry", async () => {
    published.length = 0;
    const answer = await client.send(
      new PutEventsCommand({ Entries: [entry, { ...entry, Detail: "{}" }, { ...entry, Time: new Date() }] }),
    );
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries?.map((e) => e.ErrorCode ?? "ok")).toEqual(["ok", "InvalidArgument", "ok"]);
    expect(published).toEqual([fixture, fixture]);
  });

  it("throws the AWS exceptions: 11 entries, over 256 KB, a wrong secret", async () => {
    const eleven = client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }));
    await expect(eleven).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
    const big = { ...entry, Detail: detail.replace(/}\s*$/, `,"pad":"${"x".repeat(262_144)}"}`) };
    await expect(client.send(new PutEventsCommand({ Entries: [big] }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Total size of the entries in the request is over the limit.",
    });
    const wrong = new EventBridgeClient({
      endpoint: endpoint.url,
      region: "eu-west-1",
      credentials: { ...LOCAL_EVENTS_CREDENTIALS, secretAccessKey: "wrong" },
      maxAttempts: 1,
    });
    await expect(wrong.send(new DescribeEventBusCommand({ Name: LOCAL_BUS_NAME }))).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    wrong.destroy();
  });

  it("describes the bus and lists its rules", async () => {
    const bus = await client.send(new DescribeEventBusCommand({ Name: LOCAL_BUS_NAME }));
    expect(bus.Arn).toBe(`arn:aws:events:local:000000000000:event-bus/${LOCAL_BUS_NAME}`);
    expect(bus.CreationTime).toBeInstanceOf(Date);
    const rules = await client.send(new ListRulesCommand({ EventBusName: LOCAL_BUS_NAME }));
    expect(rules.Rules?.map((rule) => rule.Name)).toEqual(SUBSCRIPTIONS.map((s) => s.name));
  });

  it("rejects an unsigned request", async () => {
    const answer = await fetch(endpoint.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSEvents.PutEvents" },
      body: JSON.stringify({ Entries: [entry] }),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await answer.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });
});

const run = promisify(execFile);

// The AWS CLI is a Python program outside npm: scripts/bootstrap.sh installs Debian's awscli.
describe("the EventBridge endpoint with the AWS CLI", () => {
  const aws = (args: string[]) =>
    run("aws", [...args, "--endpoint-url", endpoint.url, "--region", "eu-west-1", "--output", "json"], {
      env: {
        // The CLI signs with its clock: it must be ours (under `npm run test:future`, libfaketime's).
        ...clockEnvironment(process.env),
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        AWS_ACCESS_KEY_ID: LOCAL_EVENTS_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_EVENTS_CREDENTIALS.secretAccessKey,
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });

  it("aws events put-events publishes TenantCreated; a batch of 11 is a ValidationException", async () => {
    published.length = 0;
    const { stdout } = await aws(["events", "put-events", "--entries", JSON.stringify([entry])]);
    expect(JSON.parse(stdout)).toMatchObject({
      FailedEntryCount: 0,
      Entries: [{ EventId: expect.any(String) }],
    });
    expect(published).toEqual([fixture]);
    const eleven = aws([
      "events",
      "put-events",
      "--entries",
      JSON.stringify(Array.from({ length: 11 }, () => entry)),
    ]);
    await expect(eleven).rejects.toMatchObject({ stderr: expect.stringContaining("(ValidationException)") });
  }, 30_000);

  it("aws events list-rules and describe-event-bus", async () => {
    const { stdout } = await aws(["events", "list-rules", "--event-bus-name", LOCAL_BUS_NAME]);
    expect((JSON.parse(stdout) as { Rules: { Name: string }[] }).Rules.map((r) => r.Name)).toEqual(
      SUBSCRIPTIONS.map((s) => s.name),
    );
    const bus = await aws(["events", "describe-event-bus", "--name", LOCAL_BUS_NAME]);
    expect(JSON.parse(bus.stdout)).toMatchObject({ Name: LOCAL_BUS_NAME });
  }, 30_000);
});
