import type { CommandResult, LedgerCommand } from "@bbws/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryIdempotencyStore } from "../adapters/memory/createMemoryIdempotencyStore.ts";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const provision = (
  idempotencyKey: string,
  body: unknown = { tenantId: "acme", environment: "dev" },
  extra = {},
) => api.invoke({ method: "POST", path: "/v1.0/instances", body, idempotencyKey, ...extra });

describe("Idempotency-Key", () => {
  it("replays the first answer for the same key and body, without a second command", async () => {
    const first = await provision("key-00000001");
    const again = await provision("key-00000001");
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(api.ledger.commands).toHaveLength(1);
  });

  it("treats the same JSON in another key order or spacing as the same body", async () => {
    await provision("key-00000002");
    const reordered = await provision("key-00000002", undefined, {
      rawBody: '{ "environment":"dev",  "tenantId":"acme" }',
    });
    expect(reordered.headers["idempotent-replayed"]).toBe("true");
  });

  it("answers 422 for the same key with another body or on another path", async () => {
    await provision("key-00000003");
    expectProblem(
      await provision("key-00000003", { tenantId: "acme", environment: "prod" }),
      "API.IDEMPOTENCY_KEY_REUSED",
    );
    const instanceId = await api.activeInstance("beta");
    const elsewhere = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/suspend`,
      idempotencyKey: "key-00000003",
    });
    expectProblem(elsewhere, "API.IDEMPOTENCY_KEY_REUSED");
  });

  it("replays a first answer that was a 409", async () => {
    const instanceId = await api.activeInstance("acme");
    const path = `/v1.0/instances/${instanceId}/resume`;
    const first = await api.invoke({ method: "POST", path, idempotencyKey: "key-00000004" });
    expectProblem(first, "LEDGER.TRANSITION_FORBIDDEN");
    await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/suspend` });
    await api.ledger.complete(instanceId);
    const again = await api.invoke({ method: "POST", path, idempotencyKey: "key-00000004" });
    expect(again.status).toBe(409);
    expect(again.headers["idempotent-replayed"]).toBe("true");
  });

  it("scopes keys to the caller: another operator's same key is another request", async () => {
    await provision("key-00000005");
    const other = await api.issuer.mintToken({ groups: ["platform-operators"], subject: "operator-2" });
    const theirs = await provision(
      "key-00000005",
      { tenantId: "beta", environment: "dev" },
      { token: other },
    );
    expect(theirs.status).toBe(202);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("frees the key after a 5xx so that the retry runs", async () => {
    api.ledger.outage = Object.assign(new Error("down"), { code: "LEDGER.UNAVAILABLE" });
    expect((await provision("key-00000006")).status).toBe(503);
    api.ledger.outage = null;
    const retry = await provision("key-00000006");
    expect(retry.status).toBe(202);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("answers 409 while the first request with the key still runs", async () => {
    let finish: (result: CommandResult) => void = () => {};
    const slow = await createApiHarness({
      commands: { submit: () => new Promise<CommandResult>((resolve) => (finish = resolve)) },
    });
    const body = { tenantId: "acme", environment: "dev" };
    const first = slow.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body,
      idempotencyKey: "key-00000007",
    });
    await new Promise((resolve) => setImmediate(resolve));
    const second = await slow.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body,
      idempotencyKey: "key-00000007",
    });
    expect(expectProblem(second, "API.IDEMPOTENCY_IN_PROGRESS").retryAfterSeconds).toBe(1);
    finish({
      outcome: "rejected",
      rejection: { code: "LEDGER.INSTANCE_EXISTS", message: "exists", allowed: [] },
    });
    expect((await first).status).toBe(409);
  });

  it("sends the ledger the same ids when the answer was lost (a crash), so nothing is done twice", async () => {
    const seen: LedgerCommand[] = [];
    const commands = {
      submit: async (command: LedgerCommand) => {
        seen.push(command);
        return api.ledger.handleCommand(command);
      },
    };
    const beforeCrash = await createApiHarness({ commands, idempotency: createMemoryIdempotencyStore() });
    const first = await beforeCrash.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
      idempotencyKey: "key-00000008",
    });
    const afterCrash = await createApiHarness({ commands, idempotency: createMemoryIdempotencyStore() });
    const retry = await afterCrash.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
      idempotencyKey: "key-00000008",
    });
    expect(retry.status).toBe(202);
    expect(retry.json.operationId).toBe(first.json.operationId);
    expect(seen[1]?.instanceId).toBe(seen[0]?.instanceId);
    expect(seen[1]?.operationId).toBe(seen[0]?.operationId);
  });
});
