import { describe, expect, it } from "vitest";
import { describeDeadLetterBody } from "./deadLetterMessage.ts";

describe("describeDeadLetterBody", () => {
  it("names the event's type, instance and tenant, with the start of the body", () => {
    const body = JSON.stringify({
      source: "bbws.ledger",
      "detail-type": "RoutingRequested",
      detail: { meta: { instanceId: "i-1", tenantId: "acme", eventId: "e-1" }, data: { x: "y".repeat(500) } },
    });
    expect(describeDeadLetterBody(body)).toEqual({
      detailType: "RoutingRequested",
      instanceId: "i-1",
      tenantId: "acme",
      bodyExcerpt: body.slice(0, 200),
    });
  });

  it("shows only an excerpt of a body that is not an event", () => {
    expect(describeDeadLetterBody("{ this is not an event")).toEqual({
      bodyExcerpt: "{ this is not an event",
    });
    expect(describeDeadLetterBody('["a"]')).toEqual({ bodyExcerpt: '["a"]' });
    expect(describeDeadLetterBody('{"detail-type":7,"detail":{"meta":null}}')).toEqual({
      bodyExcerpt: '{"detail-type":7,"detail":{"meta":null}}',
    });
  });
});
