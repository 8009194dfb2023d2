import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
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
const operations = () =>
  createLambdaOrphanOperations({ client: new LambdaClient({}), functionName: FUNCTION });

beforeEach(() => lambda.reset());

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

  it("asks for a cleanup with the dry-run flag", async () => {
    const cleanup = {
      scanId: report.scanId,
      dryRun: false,
      orphans: report.orphans,
      removed: [],
      failed: [],
    };
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode(cleanup) as never });
    expect(await operations().cleanup({ dryRun: false })).toEqual(cleanup);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(new TextDecoder().decode(input?.Payload as Uint8Array)).toBe(
      '{"action":"cleanup","dryRun":false}',
    );
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
