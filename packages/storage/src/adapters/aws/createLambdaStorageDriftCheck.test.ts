import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { HealthCheckTarget, StorageOutputs } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createLambdaStorageDriftCheck } from "./createLambdaStorageDriftCheck.ts";

const lambda = new LambdaClient({ region: "eu-west-1" });
const lambdaMock = mockClient(lambda);
const check = createLambdaStorageDriftCheck({ lambda, functionName: "bbws-dev-storage-drift" });
const storage: StorageOutputs = {
  accessPointId: "fsap-0123456789abcdef0",
  rootDirectory: "/tenants/acme",
  posixUid: 20001,
  posixGid: 20001,
  databaseHost: "bbws-dev.cluster-abc.eu-west-1.rds.amazonaws.com",
  databasePort: 3306,
  databaseName: "wp_acme",
  databaseUser: "wp_acme",
  credentialsSecretRef: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/acme/dev/db-AbCdEf",
};
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: { storage },
  desiredCount: 1,
};
const missing = (on: HealthCheckTarget = target, signal = new AbortController().signal) =>
  check.missing(on, signal);
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

beforeEach(() => lambdaMock.reset());

describe("createLambdaStorageDriftCheck", () => {
  it("invokes the storage drift function synchronously with the instance and its recorded storage", async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ missing: [] }) });
    expect(await missing()).toEqual([]);
    const inputs = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(
      inputs.map((input) => ({ ...input, Payload: new TextDecoder().decode(input.Payload as Uint8Array) })),
    ).toEqual([
      {
        FunctionName: "bbws-dev-storage-drift",
        InvocationType: "RequestResponse",
        Payload: JSON.stringify({
          instanceId: target.instanceId,
          tenantId: "acme",
          environment: "dev",
          storage,
        }),
      },
    ]);
    expect(check.kinds).toEqual([
      "storage:database",
      "storage:database-user",
      "storage:access-point",
      "storage:secret",
    ]);
  });

  it("answers what the function found missing", async () => {
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({ missing: ["storage:database-user", "storage:secret"] }),
    });
    expect(await missing()).toEqual(["storage:database-user", "storage:secret"]);
  });

  it("a function error rejects with the function's message (the part's error, never drift)", async () => {
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: payload({
        errorType: "StorageError",
        errorMessage: "look up the database user: connect ETIMEDOUT",
      }),
    });
    await expect(missing()).rejects.toThrow(
      "the storage drift function failed (Unhandled): StorageError: look up the database user: connect ETIMEDOUT",
    );
  });

  it("an answer of another shape, or a failed Invoke, rejects", async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload({ missing: "all" }) });
    await expect(missing()).rejects.toThrow("answered something else");
    lambdaMock
      .on(InvokeCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" }));
    await expect(missing()).rejects.toThrow("Rate exceeded");
  });

  it("passes the part's abort signal to Invoke: an aborted check stops waiting and rejects", async () => {
    const sent: (AbortSignal | undefined)[] = [];
    const hanging = createLambdaStorageDriftCheck({
      functionName: "bbws-dev-storage-drift",
      lambda: {
        send: ((_command: unknown, options?: { abortSignal?: AbortSignal }) => {
          sent.push(options?.abortSignal);
          return new Promise((_resolve, reject) =>
            options?.abortSignal?.addEventListener("abort", () => reject(options.abortSignal?.reason)),
          );
        }) as LambdaClient["send"],
      },
    });
    const controller = new AbortController();
    const pending = hanging.missing(target, controller.signal);
    controller.abort(new Error("part timed out"));
    await expect(pending).rejects.toThrow("part timed out");
    expect(sent).toEqual([controller.signal]);
  });

  it("invokes nothing when the ledger recorded no storage", async () => {
    expect(await missing({ ...target, outputs: {} })).toEqual([]);
    expect(lambdaMock.calls()).toHaveLength(0);
  });
});
