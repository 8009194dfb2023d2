import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalIssuer } from "../adapters/local/createLocalIssuer.ts";
import { createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

const provisionBody = { tenantId: "acme", environment: "dev" };

describe("auth: bearer tokens of the operators' pool (verify mode)", () => {
  it("401 without a token, with WWW-Authenticate", async () => {
    const api = await createApiHarness();
    const response = await api.invoke({ method: "GET", path: "/v1.0/instances", token: null });
    expectProblem(response, "API.UNAUTHENTICATED");
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="bbws"');
    const basic = await api.invoke({
      method: "GET",
      path: "/v1.0/instances",
      token: null,
      headers: { authorization: "Basic b2xnYTpwdw==" },
    });
    expectProblem(basic, "API.UNAUTHENTICATED");
  });

  it("401 for garbage, another issuer's key, and an expired token", async () => {
    const api = await createApiHarness();
    const stranger = await createLocalIssuer({ dataDir: await mkdtemp(join(tmpdir(), "bbws-stranger-")) });
    const expired = await api.issuer.mintToken({ groups: ["platform-operators"], expiresInSeconds: -60 });
    for (const token of [
      "garbage",
      "a.b.c",
      await stranger.mintToken({ groups: ["platform-operators"] }),
      expired,
    ]) {
      const response = await api.invoke({ method: "GET", path: "/v1.0/instances", token });
      expectProblem(response, "API.UNAUTHENTICATED");
    }
  });

  it("viewers read, operators read and write, and anyone else gets 403", async () => {
    const api = await createApiHarness();
    expect(
      (await api.invoke({ method: "GET", path: "/v1.0/instances", token: api.tokens.viewer })).status,
    ).toBe(200);
    expect(
      (await api.invoke({ method: "GET", path: "/v1.0/instances", token: api.tokens.operator })).status,
    ).toBe(200);
    const viewerWrite = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: provisionBody,
      token: api.tokens.viewer,
    });
    expectProblem(viewerWrite, "API.FORBIDDEN");
    const viewerDelete = await api.invoke({
      method: "DELETE",
      path: `/v1.0/instances/${crypto.randomUUID()}`,
      token: api.tokens.viewer,
    });
    expectProblem(viewerDelete, "API.FORBIDDEN");
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/instances", token: api.tokens.nobody }),
      "API.FORBIDDEN",
    );
    expect(api.ledger.commands).toHaveLength(0);
  });

  it("serves /openapi.json and /docs without a token", async () => {
    const api = await createApiHarness();
    const spec = await api.invoke({ method: "GET", path: "/openapi.json", token: null });
    expect(spec.status).toBe(200);
    expect(spec.json.openapi).toBe("3.1.0");
    const docs = await api.invoke({ method: "GET", path: "/docs", token: null });
    expect(docs.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(docs.text).toContain('id="provisionInstance"');
    expect(docs.text).toContain('id="problem-idempotency-key-reused"');
    expect(docs.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });
});

describe("auth: claims from API Gateway's JWT authorizer (gateway mode)", () => {
  const withClaims = (
    api: Awaited<ReturnType<typeof createApiHarness>>,
    method: string,
    claims: Record<string, string> | undefined,
  ) => {
    const event = api.eventOf({
      method,
      path: "/v1.0/instances",
      token: null,
      ...(method === "POST" ? { body: provisionBody } : {}),
    });
    const requestContext = claims
      ? { ...event.requestContext, authorizer: { jwt: { claims, scopes: null } } }
      : event.requestContext;
    return api.invokeEvent({ ...event, requestContext });
  };

  it("reads the groups API Gateway flattened into `[a b]`", async () => {
    const api = await createApiHarness({ auth: { mode: "gateway" } });
    const operator = { sub: "u1", username: "olga", "cognito:groups": "[platform-operators]" };
    expect((await withClaims(api, "POST", operator)).status).toBe(202);
    expect(api.ledger.commands[0]?.requestedBy).toBe("olga");
    const viewer = { sub: "u2", "cognito:groups": "[platform-viewers other]" };
    expect((await withClaims(api, "GET", viewer)).status).toBe(200);
    expectProblem(await withClaims(api, "POST", viewer), "API.FORBIDDEN");
  });

  it("401 when no authorizer ran, or the claims name nobody", async () => {
    const api = await createApiHarness({ auth: { mode: "gateway" } });
    expectProblem(await withClaims(api, "GET", undefined), "API.UNAUTHENTICATED");
    expectProblem(
      await withClaims(api, "GET", { "cognito:groups": "[platform-operators]" }),
      "API.UNAUTHENTICATED",
    );
  });
});
