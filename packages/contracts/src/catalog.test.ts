import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEvent, EVENT_CATALOG, parseBusEvent } from "./catalog.ts";
import { EventValidationError, UnknownEventError } from "./errors.ts";

const fixturesDir = join(import.meta.dirname, "..", "fixtures");
const readFixture = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixturesDir, file), "utf8"));

describe("event catalog", () => {
  it("has exactly one fixture per event version, and nothing else", () => {
    const expected = EVENT_CATALOG.map((entry) => `${entry.name}.v${entry.version}.json`).sort();
    expect(readdirSync(fixturesDir).sort()).toEqual(expected);
  });

  it.each(EVENT_CATALOG.map((entry) => [entry.name, entry] as const))(
    "parses the %s fixture",
    (_name, entry) => {
      const event = parseBusEvent(readFixture(`${entry.name}.v${entry.version}.json`));
      expect(event["detail-type"]).toBe(entry.name);
      expect(event.detail.meta.schemaVersion).toBe(entry.version);
    },
  );

  it("has unique names", () => {
    const names = EVENT_CATALOG.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every failure event a code, a reason and retryable", () => {
    const failures = EVENT_CATALOG.filter(
      (entry) => /Failed$|Unhealthy$/.test(entry.name) && entry.producers[0] !== "ledger",
    );
    expect(failures.length).toBeGreaterThanOrEqual(6);
    for (const entry of failures) {
      const shape = (entry.data as unknown as { shape: Record<string, unknown> }).shape;
      expect(Object.keys(shape)).toEqual(expect.arrayContaining(["code", "reason", "retryable"]));
    }
  });
});

describe("parseBusEvent rejects malformed events with the field at fault", () => {
  const valid = () =>
    readFixture("StorageReady.v1.json") as {
      detail: { meta: Record<string, unknown>; data: { outputs: Record<string, unknown> } };
    };

  it("names a missing nested field", () => {
    const event = valid();
    delete event.detail.data.outputs.databaseName;
    expect(() => parseBusEvent(event)).toThrow(/detail\.data\.outputs\.databaseName/);
  });

  it("names an invalid tenantId and says what is allowed", () => {
    const event = valid();
    event.detail.meta.tenantId = "Acme'; DROP DATABASE x; --";
    const error = captureError(() => parseBusEvent(event));
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).issues).toEqual([
      {
        field: "detail.meta.tenantId",
        message: expect.stringContaining("lowercase letters a-z and digits 0-9 only"),
      },
    ]);
  });

  it("refuses a secret value where a reference belongs", () => {
    const event = valid();
    event.detail.data.outputs.credentialsSecretRef = "hunter2";
    expect(() => parseBusEvent(event)).toThrow(
      /detail\.data\.outputs\.credentialsSecretRef: a secret reference/,
    );
  });

  it("refuses an event from the wrong source", () => {
    expect(() => parseBusEvent({ ...valid(), source: "bbws.compute" })).toThrow(
      /source: must be one of bbws.storage/,
    );
  });

  it("refuses an unknown detail-type", () => {
    expect(() => parseBusEvent({ ...valid(), "detail-type": "StorageExploded" })).toThrow(UnknownEventError);
  });

  it("keeps replay-name", () => {
    expect(parseBusEvent({ ...valid(), "replay-name": "r1" })["replay-name"]).toBe("r1");
  });
});

describe("createEvent", () => {
  const meta = {
    eventId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    occurredAt: "2026-11-22T10:00:00.000Z",
    correlationId: "c-1",
    causationId: null,
    tenantId: "acme",
    instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
    environment: "dev" as const,
  };

  it("stamps the source and schema version", () => {
    const event = createEvent({
      name: "SuspendRequested",
      meta,
      data: { operationId: meta.eventId, operation: "suspend" },
    });
    expect(event.source).toBe("bbws.ledger");
    expect(event.detail.meta.schemaVersion).toBe(1);
  });

  it("needs the producer of a multi-producer event to be one of its producers", () => {
    const data = { operationId: meta.eventId, operation: "restart" as const, service: "compute" as const };
    expect(createEvent({ name: "OperationStepCompleted", producer: "compute", meta, data }).source).toBe(
      "bbws.compute",
    );
    expect(() => createEvent({ name: "OperationStepCompleted", producer: "api", meta, data })).toThrow(
      /not produced by api/,
    );
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
