import { describe, expect, it } from "vitest";
import { PREPARED_BODY, SerialisedJson } from "../../application/serialisedJson.ts";
import { fromApiGatewayResult, toApiGatewayEvent } from "./toApiGatewayEvent.ts";

const base = {
  method: "post",
  remoteAddress: "10.0.0.7",
  requestId: "r1",
  now: Date.parse("2026-11-22T10:00:05.000Z"),
};

describe("toApiGatewayEvent", () => {
  it("builds a payload v2 event: lowercased headers, cookies apart, decoded and joined query parameters", () => {
    const event = toApiGatewayEvent({
      ...base,
      url: "/v1.0/instances?state=ACTIVE&tenantId=a%20b&state=SUSPENDED",
      headers: {
        Host: "api.local",
        "X-Multi": ["a", "b"],
        cookie: "a=1; b=2",
        "content-type": "application/json",
        "user-agent": "t",
      },
      body: Buffer.from('{"x":1}'),
    });
    expect(event).toEqual({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/v1.0/instances",
      rawQueryString: "state=ACTIVE&tenantId=a%20b&state=SUSPENDED",
      cookies: ["a=1", "b=2"],
      headers: { host: "api.local", "x-multi": "a,b", "content-type": "application/json", "user-agent": "t" },
      queryStringParameters: { state: "ACTIVE,SUSPENDED", tenantId: "a b" },
      requestContext: {
        accountId: "000000000000",
        apiId: "local",
        domainName: "api.local",
        domainPrefix: "api",
        http: {
          method: "POST",
          path: "/v1.0/instances",
          protocol: "HTTP/1.1",
          sourceIp: "10.0.0.7",
          userAgent: "t",
        },
        requestId: "r1",
        routeKey: "$default",
        stage: "$default",
        time: "22/Nov/2026:10:00:05 +0000",
        timeEpoch: base.now,
      },
      body: '{"x":1}',
      isBase64Encoded: false,
    });
  });

  it("base64-encodes a body that is not text, and omits an empty one", () => {
    const binary = toApiGatewayEvent({
      ...base,
      url: "/x",
      headers: { "content-type": "image/png" },
      body: Buffer.from([0, 255]),
    });
    expect(binary).toMatchObject({ body: "AP8=", isBase64Encoded: true });
    const empty = toApiGatewayEvent({ ...base, url: "/x", headers: {}, body: Buffer.alloc(0) });
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
    expect(empty.queryStringParameters).toBeUndefined();
    expect(empty.cookies).toBeUndefined();
    expect(empty.requestContext.domainName).toBe("localhost");
  });

  it("takes the path of an absolute-form target", () => {
    expect(
      toApiGatewayEvent({ ...base, url: "http://h/v1.0/x?a=1", headers: {}, body: Buffer.alloc(0) }).rawPath,
    ).toBe("/v1.0/x");
    expect(toApiGatewayEvent({ ...base, url: "*", headers: {}, body: Buffer.alloc(0) }).rawPath).toBe("/");
  });
});

describe("fromApiGatewayResult", () => {
  it("maps a structured result, cookies and base64 bodies", () => {
    expect(
      fromApiGatewayResult({
        statusCode: 201,
        headers: { "X-A": "1" },
        cookies: ["c=1"],
        body: "aGk=",
        isBase64Encoded: true,
      }),
    ).toEqual({
      statusCode: 201,
      headers: { "x-a": "1", "set-cookie": ["c=1"] },
      body: Buffer.from("hi"),
    });
  });

  it("treats a bare string as a 200 JSON body, as API Gateway does", () => {
    expect(fromApiGatewayResult('{"a":1}')).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
  });

  it("answers with the bytes a result prepared for exactly its text, else with the text", () => {
    const prepared = new SerialisedJson('{"items":[]}');
    const result = { statusCode: 200, body: prepared.text, [PREPARED_BODY]: prepared };
    expect(fromApiGatewayResult(result).body).toBe(prepared.bytes);
    const changed = { ...result, body: '{"items":[1]}' };
    expect(fromApiGatewayResult(changed).body).toBe('{"items":[1]}');
  });
});
