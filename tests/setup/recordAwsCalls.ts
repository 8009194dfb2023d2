/**
 * Vitest setupFile: records every AWS SDK call the code under test makes, mocked
 * (aws-sdk-client-mock) or real (DynamoDB Local), and, once the file's tests have run, checks
 * each input against AWS's service model (tests/iam/validateRecordedCalls.ts) and simulates
 * it as the IAM request(s) AWS would evaluate against the role that makes it
 * (tests/iam/simulateRecordedCalls.ts). A broken input or a denied call fails the test file.
 */
import { createRequire } from "node:module";
import { afterAll, afterEach, expect, vi } from "vitest";
import type { RecordedCall } from "../iam/recordedCall.ts";

// The call site and its composition root sit deep below sinon's and the SDK's frames.
Error.stackTraceLimit = 60;

const calls: RecordedCall[] = [];
const where = () => {
  const state = expect.getState();
  return { testFile: state.testPath ?? "", testName: state.currentTestName ?? "(outside a test)" };
};
const describeCommand = (client: unknown, command: unknown) => ({
  client: (client as { constructor: { name: string } }).constructor.name,
  command: (command as { constructor: { name: string } }).constructor.name,
  input: (command as { input?: unknown }).input,
});

// Real clients (DynamoDB Local): every SDK client inherits send() from smithy's Client (CJS, as the SDK loads it).
const { Client } = createRequire(import.meta.url)("@smithy/core/client") as {
  Client: { prototype: { send: (...args: unknown[]) => unknown } };
};
const realSend = Client.prototype.send;
Client.prototype.send = function recordedSend(this: unknown, ...args: unknown[]) {
  calls.push({ ...describeCommand(this, args[0]), stack: new Error().stack ?? "", ...where() });
  return realSend.apply(this, args);
};

// Mocked clients: the sinon stub keeps each call with its stack; harvest before any reset forgets them.
interface SinonCall {
  readonly thisValue: unknown;
  readonly args: unknown[];
  readonly stack: string;
}
interface Stub {
  send: { getCalls(): SinonCall[] };
}
const stubs = new Set<Stub>();
const harvested = new WeakSet<SinonCall>();
/** Runs before every reset and after every test, so the test a call belongs to is still the current one. */
function harvest(stub: Stub): void {
  for (const call of stub.send.getCalls()) {
    if (harvested.has(call)) continue;
    harvested.add(call);
    calls.push({ ...describeCommand(call.thisValue, call.args[0]), stack: call.stack, ...where() });
  }
}

vi.mock("aws-sdk-client-mock", async (importOriginal) => {
  const original = await importOriginal<typeof import("aws-sdk-client-mock")>();
  let patched = false;
  const mockClient: typeof original.mockClient = (...args) => {
    const stub = original.mockClient(...args);
    stubs.add(stub as unknown as Stub);
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(stub) as Record<string, (...a: unknown[]) => unknown>;
      for (const method of ["reset", "resetHistory", "restore"]) {
        const before = proto[method]!;
        proto[method] = function harvestFirst(this: Stub, ...rest: unknown[]) {
          harvest(this);
          return before.apply(this, rest);
        };
      }
    }
    return stub;
  };
  return { ...original, mockClient };
});

afterEach(() => {
  for (const stub of stubs) harvest(stub);
});

afterAll(async () => {
  for (const stub of stubs) harvest(stub);
  Client.prototype.send = realSend;
  if (calls.length === 0) return;
  const { validateRecordedCalls } = await import("../iam/validateRecordedCalls.ts");
  validateRecordedCalls(calls);
  const { simulateRecordedCalls } = await import("../iam/simulateRecordedCalls.ts");
  await simulateRecordedCalls(calls);
});
