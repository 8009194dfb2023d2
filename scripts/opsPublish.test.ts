import { parseBusEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { type PutEventsCall, runPublish } from "./opsPublish.ts";

const EVENT_ID = "1d2c3b4a-5f6e-4d8c-9b0a-000000000099";
const NOW = new Date("2026-11-22T10:00:00.000Z");

function setUp(
  env: Record<string, string> = {},
  answer = { FailedEntryCount: 0, Entries: [{ EventId: "eb-1" }] },
) {
  const printed: string[] = [];
  const calls: PutEventsCall[] = [];
  const deps = {
    env,
    print: (line: string) => printed.push(line),
    putEvents: async (call: PutEventsCall) => {
      calls.push(call);
      return { ...answer, $metadata: {} };
    },
    newId: () => EVENT_ID,
    now: () => NOW,
  };
  return { deps, printed, calls };
}

describe("npm run ops -- publish TenantCreated", () => {
  it("puts one contract-valid TenantCreated on the local bus, signed with the local key pair", async () => {
    const { deps, printed, calls } = setUp({ AWS_ACCESS_KEY_ID: "AKIAREAL", AWS_SECRET_ACCESS_KEY: "real" });
    const code = await runPublish(
      ["publish", "TenantCreated", "--tenant", "acme", "--environment", "sit"],
      deps,
    );
    expect(code).toBe(0);
    expect(printed).toEqual([
      `published TenantCreated acme (sit): event id ${EVENT_ID} (EventBridge id eb-1)`,
    ]);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.endpoint).toBe("http://127.0.0.1:8082");
    expect(call?.credentials).toEqual({ accessKeyId: "bbwslocal", secretAccessKey: "bbwslocalsecret" });
    const entry = call?.entries[0];
    expect(entry).toMatchObject({
      Source: "bbws.tenant-management",
      DetailType: "TenantCreated",
      EventBusName: "bbws-local",
      Time: NOW,
    });
    const event = parseBusEvent({
      source: entry?.Source,
      "detail-type": entry?.DetailType,
      detail: JSON.parse(entry?.Detail ?? ""),
    });
    expect(event.detail).toEqual({
      meta: {
        eventId: EVENT_ID,
        schemaVersion: 1,
        occurredAt: NOW.toISOString(),
        correlationId: EVENT_ID,
        causationId: null,
        tenantId: "acme",
        environment: "sit",
      },
      data: { tenantId: "acme", organisationName: "acme", environment: "sit" },
    });
  });

  it("takes --event-id (the same one twice: one instance), --organisation and --size", async () => {
    const { deps, calls } = setUp();
    const other = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
    await runPublish(
      [
        "publish",
        "TenantCreated",
        "--tenant",
        "acme",
        "--event-id",
        other,
        "--organisation",
        "Acme Ltd",
        "--size",
        "small",
      ],
      deps,
    );
    const detail = JSON.parse(calls[0]?.entries[0]?.Detail ?? "");
    expect(detail.meta.eventId).toBe(other);
    expect(detail.data).toEqual({
      tenantId: "acme",
      organisationName: "Acme Ltd",
      environment: "dev",
      size: "small",
    });
  });

  it("says what to fix before calling anything", async () => {
    const { deps, printed, calls } = setUp();
    expect(await runPublish(["publish", "TenantCreated", "--tenant", "Acme_Corp"], deps)).toBe(2);
    expect(printed[0]).toMatch(/tenantId must be 3 to 24 characters/);
    expect(await runPublish(["publish", "TenantCreated"], deps)).toBe(2);
    expect(await runPublish(["publish", "InstanceActivated", "--tenant", "acme"], deps)).toBe(2);
    expect(
      await runPublish(["publish", "TenantCreated", "--tenant", "acme", "--environment", "qa"], deps),
    ).toBe(2);
    expect(printed.slice(1).map((line) => line.split("\n")[0])).toEqual([
      "publish TenantCreated needs --tenant",
      "publish takes one event: TenantCreated",
      "--environment must be one of dev, sit, prod",
    ]);
    expect(calls).toEqual([]);
  });

  it("prints a failed entry's code and message, exit 1", async () => {
    const failed = {
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Detail is not valid." }],
    };
    const { deps, printed } = setUp({}, failed as never);
    expect(await runPublish(["publish", "TenantCreated", "--tenant", "acme"], deps)).toBe(1);
    expect(printed).toEqual(["error: InvalidArgument: Parameter Detail is not valid."]);
  });

  it("needs AWS credentials for a remote endpoint", async () => {
    const { deps, printed, calls } = setUp({ BBWS_EVENTS_URL: "https://events.eu-west-1.amazonaws.com" });
    expect(await runPublish(["publish", "TenantCreated", "--tenant", "acme"], deps)).toBe(1);
    expect(printed[0]).toMatch(/^error: set AWS_ACCESS_KEY_ID/);
    expect(calls).toEqual([]);
  });
});
