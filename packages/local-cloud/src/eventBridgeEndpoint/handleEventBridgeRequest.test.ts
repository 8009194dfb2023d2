import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BusEvent } from "@bbws/contracts";
import { SUBSCRIPTIONS } from "@bbws/contracts";
import { MAX_ENTRY_BYTES } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { type EventBridgeEndpointDeps, handleEventBridgeRequest } from "./handleEventBridgeRequest.ts";
import { LOCAL_EVENTS_CREDENTIALS } from "./localEventsCredentials.ts";
import { signedRequest } from "./signForTest.ts";

const NOW = Date.parse("2026-11-22T10:00:00Z");
const BUS = { name: "bbws-local", account: "000000000000", region: "local", createdAt: NOW - 60_000 };
const fixture = JSON.parse(
  readFileSync(
    join(import.meta.dirname, "..", "..", "..", "contracts", "fixtures", "TenantCreated.v1.json"),
    "utf8",
  ),
) as BusEvent<"TenantCreated", { meta: Record<string, unknown>; data: Record<string, unknown> }>;

const entry = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  Source: fixture.source,
  DetailType: fixture["detail-type"],
  Detail: JSON.stringify({ ...fixture.detail, data: { ...fixture.detail.data, ...data } }),
  EventBusName: BUS.name,
  ...overrides,
});

function endpoint(options: { publish?: EventBridgeEndpointDeps["publish"]; clock?: number } = {}) {
  const published: BusEvent[] = [];
  let id = 0;
  const deps: EventBridgeEndpointDeps = {
    bus: BUS,
    rules: () => SUBSCRIPTIONS,
    secretOf: (key) =>
      key === LOCAL_EVENTS_CREDENTIALS.accessKeyId ? LOCAL_EVENTS_CREDENTIALS.secretAccessKey : undefined,
    clock: () => options.clock ?? NOW,
    newId: () => `id-${++id}`,
    publish:
      options.publish ??
      (async (event) => {
        published.push(event);
      }),
  };
  const call = async (
    operation: string,
    body: unknown,
    credentials: { accessKeyId: string; secretAccessKey: string } = LOCAL_EVENTS_CREDENTIALS,
  ) => {
    const request = await signedRequest({ operation, body, signingDate: new Date(NOW), credentials });
    const answer = await handleEventBridgeRequest(request, deps);
    return { ...answer, json: JSON.parse(answer.body) as Record<string, unknown> };
  };
  return { deps, published, call };
}

describe("PutEvents", () => {
  it("publishes a valid TenantCreated and answers its EventId", async () => {
    const { call, published } = endpoint();
    const answer = await call("PutEvents", { Entries: [entry()] });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(answer.json).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: "id-2" }] });
    expect(published).toEqual([fixture]);
  });

  it("answers each entry in request order and publishes only the valid ones", async () => {
    const { call, published } = endpoint();
    const entries = [
      entry({ Source: undefined }),
      entry({ Detail: "{not json" }),
      entry({ Detail: "[1]" }),
      entry({ EventBusName: undefined }),
      entry({ Source: "bbws.ledger" }),
      entry({ DetailType: "InstanceRequested" }),
      entry({}, { tenantId: "Acme_Corp" }),
      entry({}, { tenantId: "valid1" }),
    ];
    const answer = await call("PutEvents", { Entries: entries });
    expect(answer.status).toBe(200);
    const results = answer.json.Entries as { ErrorCode?: string; ErrorMessage?: string; EventId?: string }[];
    expect(answer.json.FailedEntryCount).toBe(7);
    expect(results.map((r) => r.ErrorCode ?? "ok")).toEqual([
      "InvalidArgument",
      "MalformedDetail",
      "MalformedDetail",
      "InvalidArgument",
      "NotAuthorizedForSourceException",
      "NotAuthorizedForDetailTypeException",
      "InvalidArgument",
      "ok",
    ]);
    expect(results[0]?.ErrorMessage).toBe(
      "Parameter Source is not valid. Reason: Source is a required argument.",
    );
    expect(results[1]?.ErrorMessage).toBe("Detail is malformed.");
    expect(results[3]?.ErrorMessage).toContain("set EventBusName to bbws-local");
    expect(results[6]?.ErrorMessage).toMatch(
      /^Parameter Detail is not valid\. Reason: invalid event: detail\.data\.tenantId: tenantId must be 3 to 24 characters.*schema: packages\/contracts\/schemas\/TenantCreated\.v1\.json/,
    );
    expect(results[7]?.EventId).toBeDefined();
    expect(published.map((event) => (event.detail as { data: { tenantId: string } }).data.tenantId)).toEqual([
      "valid1",
    ]);
  });

  it("accepts the bus by ARN", async () => {
    const { call } = endpoint();
    const arn = "arn:aws:events:local:000000000000:event-bus/bbws-local";
    const answer = await call("PutEvents", { Entries: [entry({ EventBusName: arn })] });
    expect(answer.json.FailedEntryCount).toBe(0);
  });

  it("fails the whole request for more than 10 entries, and for none", async () => {
    const { call, published } = endpoint();
    const eleven = await call("PutEvents", { Entries: Array.from({ length: 11 }, () => entry()) });
    expect(eleven.status).toBe(400);
    expect(eleven.headers["x-amzn-errortype"]).toBe("ValidationException");
    expect(eleven.json).toEqual({
      __type: "ValidationException",
      message:
        "1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
    });
    const none = await call("PutEvents", { Entries: [] });
    expect(none.json.__type).toBe("ValidationException");
    const missing = await call("PutEvents", {});
    expect(missing.json.__type).toBe("ValidationException");
    expect(published).toEqual([]);
  });

  it("fails the request over 256 KB by AWS's size formula, and takes exactly 256 KB", async () => {
    const { call, published } = endpoint();
    const base = entry();
    // Source + DetailType + Detail bytes (EventBusName does not count); pad the detail to the limit.
    const fixed = Buffer.byteLength(`${base.Source}${base.DetailType}${base.Detail}`) + ',"pad":""'.length;
    const padded = (extra: number) =>
      entry({
        Detail: base.Detail.replace(/}$/, `,"pad":"${"x".repeat(MAX_ENTRY_BYTES - fixed + extra)}"}`),
      });
    const atLimit = await call("PutEvents", { Entries: [padded(0)] });
    expect(atLimit.json).toMatchObject({ FailedEntryCount: 0 });
    const over = await call("PutEvents", { Entries: [padded(1)] });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({
      __type: "ValidationException",
      message: "Total size of the entries in the request is over the limit.",
    });
    // Time counts 14 bytes.
    const withTime = await call("PutEvents", { Entries: [{ ...padded(0), Time: NOW / 1000 }] });
    expect(withTime.json.__type).toBe("ValidationException");
    expect(published).toHaveLength(1);
  });

  it("reports an entry the bus did not take as InternalFailure", async () => {
    const { call } = endpoint({
      publish: async () => {
        throw new Error("queue store full");
      },
    });
    const answer = await call("PutEvents", { Entries: [entry()] });
    expect(answer.json).toEqual({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "queue store full" }],
    });
  });
});

describe("authentication", () => {
  it("rejects an unsigned request with MissingAuthenticationTokenException", async () => {
    const { deps, published } = endpoint();
    const request = await signedRequest({
      operation: "PutEvents",
      body: { Entries: [entry()] },
      signingDate: new Date(NOW),
      credentials: LOCAL_EVENTS_CREDENTIALS,
    });
    const { authorization: _, ...unsigned } = request.headers;
    const answer = await handleEventBridgeRequest({ ...request, headers: unsigned }, deps);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
    expect(published).toEqual([]);
  });

  it("rejects a wrong secret, an unknown key, a changed body and a stale date", async () => {
    const { call, deps } = endpoint();
    const wrongSecret = await call(
      "DescribeEventBus",
      {},
      { ...LOCAL_EVENTS_CREDENTIALS, secretAccessKey: "guess" },
    );
    expect(wrongSecret.json.__type).toBe("InvalidSignatureException");
    const unknownKey = await call("DescribeEventBus", {}, { accessKeyId: "AKIAOTHER", secretAccessKey: "x" });
    expect(unknownKey.json.__type).toBe("UnrecognizedClientException");

    const request = await signedRequest({
      operation: "PutEvents",
      body: { Entries: [entry()] },
      signingDate: new Date(NOW),
      credentials: LOCAL_EVENTS_CREDENTIALS,
    });
    const tampered = Buffer.from(request.body.toString("utf8").replace("acme", "evil"));
    const changed = await handleEventBridgeRequest({ ...request, body: tampered }, deps);
    expect(JSON.parse(changed.body).__type).toBe("InvalidSignatureException");

    const late = await handleEventBridgeRequest(request, { ...deps, clock: () => NOW + 16 * 60_000 });
    expect(JSON.parse(late.body)).toMatchObject({
      __type: "InvalidSignatureException",
      message: expect.stringContaining("Signature expired"),
    });
    const inTime = await handleEventBridgeRequest(request, { ...deps, clock: () => NOW + 14 * 60_000 });
    expect(inTime.status).toBe(200);
  });

  it("rejects a signature scoped to another service", async () => {
    const { deps } = endpoint();
    const request = await signedRequest({
      operation: "DescribeEventBus",
      body: {},
      signingDate: new Date(NOW),
      credentials: LOCAL_EVENTS_CREDENTIALS,
      service: "sqs",
    });
    const answer = await handleEventBridgeRequest(request, deps);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: "InvalidSignatureException" });
  });
});

describe("DescribeEventBus, ListRules and the rest", () => {
  it("describes our bus, and no other", async () => {
    const { call } = endpoint();
    expect((await call("DescribeEventBus", { Name: "bbws-local" })).json).toEqual({
      Name: "bbws-local",
      Arn: "arn:aws:events:local:000000000000:event-bus/bbws-local",
      CreationTime: (NOW - 60_000) / 1000,
      LastModifiedTime: (NOW - 60_000) / 1000,
    });
    const other = await call("DescribeEventBus", {});
    expect(other.json).toEqual({
      __type: "ResourceNotFoundException",
      message: "Event bus default does not exist.",
    });
  });

  it("lists the subscription table's rules, paged", async () => {
    const { call } = endpoint();
    const all = await call("ListRules", { EventBusName: "bbws-local" });
    const rules = all.json.Rules as { Name: string; EventPattern: string; State: string }[];
    expect(rules.map((rule) => rule.Name)).toEqual(SUBSCRIPTIONS.map((s) => s.name));
    expect(JSON.parse(rules.at(-1)?.EventPattern ?? "")).toEqual(SUBSCRIPTIONS.at(-1)?.pattern);
    expect(all.json.NextToken).toBeUndefined();

    const first = await call("ListRules", { EventBusName: "bbws-local", NamePrefix: "ledger-", Limit: 1 });
    expect((first.json.Rules as { Name: string }[]).map((r) => r.Name)).toEqual(["ledger-service-outcomes"]);
    const second = await call("ListRules", {
      EventBusName: "bbws-local",
      NamePrefix: "ledger-",
      Limit: 1,
      NextToken: first.json.NextToken,
    });
    expect((second.json.Rules as { Name: string }[]).map((r) => r.Name)).toEqual(["ledger-tenant-created"]);
    expect(second.json.NextToken).toBeUndefined();
  });

  it("answers an operation it does not serve, and a body that is not JSON", async () => {
    const { call, deps } = endpoint();
    expect((await call("PutRule", { Name: "x" })).json.__type).toBe("UnknownOperationException");
    const broken = await signedRequest({
      operation: "PutEvents",
      body: "{not json",
      signingDate: new Date(NOW),
      credentials: LOCAL_EVENTS_CREDENTIALS,
    });
    const answer = await handleEventBridgeRequest(broken, deps);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).__type).toBe("SerializationException");
  });
});
