import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { CleanupRecord } from "../../domain/viewSchemas.ts";
import { createLambdaOrphanOperations } from "./createLambdaOrphanOperations.ts";

const lambda = mockClient(LambdaClient);
const FUNCTION = "bbws-dev-orphan-scan";
const report = {
  scanId: "7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9",
  scannedAt: "2026-11-22T10:00:00.000Z",
  resources: 12,
  orphans: [
    { service: "storage", kind: "database", id: "wp_ghost", tenantId: "ghost", reason: "no instance" },
  ],
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const records = new Map<string, CleanupRecord>();
const operations = () =>
  createLambdaOrphanOperations({
    client: new LambdaClient({}),
    functionName: FUNCTION,
    cleanups: {
      put: async (record) => {
        records.set(record.cleanupId, record);
      },
      get: async (cleanupId) => records.get(cleanupId),
    },
  });
const CLEANUP = {
  cleanupId: "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b",
  dryRun: false,
  requestedAt: "2026-11-22T10:00:00.000Z",
};

beforeEach(() => {
  lambda.reset();
  records.clear();
});

describe("createLambdaOrphanOperations", () => {
  it("invokes the scan function and waits for its report", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode(report) as never });
    expect(await operations().scan()).toEqual(report);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect({ ...input, Payload: new TextDecoder().decode(input?.Payload as Uint8Array) }).toEqual({
      FunctionName: FUNCTION,
      InvocationType: "RequestResponse",
      Payload: '{"action":"scan","publish":false}',
    });
  });

  it("records a cleanup RUNNING, then invokes the scan function as an Event (no wait)", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await operations().startCleanup(CLEANUP);
    expect(records.get(CLEANUP.cleanupId)).toEqual({ ...CLEANUP, status: "RUNNING" });
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect({ ...input, Payload: JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array)) }).toEqual(
      {
        FunctionName: FUNCTION,
        InvocationType: "Event",
        Payload: { action: "cleanup", ...CLEANUP },
      },
    );
  });

  it("reads back what the scan function recorded, and nothing for an unknown id", async () => {
    const done = {
      ...CLEANUP,
      status: "COMPLETED" as const,
      finishedAt: "2026-11-22T10:02:00.000Z",
      report: { scanId: report.scanId, dryRun: false, orphans: [], removed: [], failed: [] },
    };
    records.set(CLEANUP.cleanupId, done);
    expect(await operations().findCleanup(CLEANUP.cleanupId)).toEqual(done);
    expect(await operations().findCleanup("7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9")).toBeUndefined();
  });

  it("marks the cleanup FAILED and answers 503 when the function cannot be invoked", async () => {
    lambda.on(InvokeCommand).rejects(new Error("TooManyRequestsException"));
    await expect(operations().startCleanup(CLEANUP)).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
    });
    expect(records.get(CLEANUP.cleanupId)).toMatchObject({ status: "FAILED" });
  });

  it("answers 503 when the function fails, with its error", async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: encode({ errorMessage: "RDS unreachable" }) as never,
    });
    await expect(operations().scan()).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      message: expect.stringContaining("RDS unreachable"),
    });
  });
});
