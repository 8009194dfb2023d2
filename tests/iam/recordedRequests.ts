import { CONSUMERS } from "@bbws/contracts";
import type { RoleId } from "../../infra/iamTable.ts";
import { callerRoles } from "./callerRoles.ts";
import { callSiteOf, type Frame, formatFrame, repoFrames } from "./callSite.ts";
import type { IamRequest } from "./iamRequest.ts";
import { toIamRequests } from "./mapping/serviceMappings.ts";
import type { Principal } from "./policies.ts";
import type { RecordedCall } from "./recordedCall.ts";
import { DEPLOYED } from "./simulatedDeployment.ts";

/** One IAM request a recorded call needs, with who makes it and where it came from. */
export interface RecordedRequest extends IamRequest {
  readonly principal: Principal;
  /** `EFSClient CreateAccessPointCommand` */
  readonly command: string;
  /** `packages/storage/src/adapters/aws/efsContentArea.ts:93` */
  readonly callSite: string;
  readonly testFile: string;
}

/**
 * Calls no deployed function makes: whatever the local runtime, the scripts or the benchmarks
 * compose, the local adapters (cognito-local, the local stack's stores), the table-creating
 * helpers (SST creates the tables on AWS), and the end-to-end tests, which run the whole local
 * stack in-process (where its queues lose the async stack that would name the runtime).
 */
const LOCAL = /^(runtime|scripts|bench)\/|^packages\/[^/]+\/src\/adapters\/local\//;
const notDeployed = (frames: readonly Frame[], site: Frame, testFile: string) =>
  testFile.startsWith("tests/e2e/") ||
  frames.some((frame) => LOCAL.test(frame.file)) ||
  /\bcreate\w+Table$/.test(site.fn);

function principalOf(role: RoleId, account: "own" | "workload"): Principal {
  if (account === "own") return { kind: "own", role };
  if (
    role === "ledger" ||
    role === "stuckSweeper" ||
    role === "credentialRotation" ||
    role === "outboxRelay" ||
    role === "outboxPipe"
  )
    throw new Error(`${role} calls a service of the environment's account but assumes no role there`);
  return { kind: "workload", user: role };
}

/**
 * A consumer's records reach only its own function (the queue's event source mapping), so a call
 * on a consumer's queue (ChangeMessageVisibility with the record's receipt handle, from the shared
 * createSqsEventHandler) is that consumer's, whichever functions compose the shared code.
 */
function mayCallOn(role: RoleId, resource: string): boolean {
  const owner = CONSUMERS.find((consumer) => DEPLOYED.queueArn(consumer) === resource);
  return owner === undefined || owner === role;
}

/** Every recorded call as the IAM requests AWS evaluates, deduplicated; a test's own set-up calls are left out. */
export function toRecordedRequests(calls: readonly RecordedCall[], root: string): RecordedRequest[] {
  const found = new Map<string, RecordedRequest>();
  for (const call of calls) {
    const frames = repoFrames(call.stack);
    const callSite = callSiteOf(frames);
    const testFile = call.testFile.startsWith(root) ? call.testFile.slice(root.length) : call.testFile;
    if (!callSite || notDeployed(frames, callSite, testFile)) continue;
    const { account, requests } = toIamRequests(call.client, call.command, call.input, { callSite });
    for (const role of callerRoles(frames))
      for (const request of requests) {
        if (!mayCallOn(role, request.resource)) continue;
        const entry = {
          ...request,
          principal: principalOf(role, account),
          command: `${call.client} ${call.command}`,
          callSite: formatFrame(callSite),
          testFile,
        };
        const key = requestKey(entry);
        if (!found.has(key)) found.set(key, entry);
      }
  }
  return [...found.values()];
}

/** A request exactly: simulated once per test file. */
export function requestKey(entry: RecordedRequest): string {
  const context = Object.keys(entry.context)
    .sort()
    .map((key) => [key, entry.context[key]]);
  return JSON.stringify([entry.principal, entry.action, entry.resource, context, entry.testFile]);
}

/**
 * A request's shape, which names no tenant (tests draw tenant ids at random): who, what, on
 * which kind of resource, with which condition keys, from which call site and test file.
 * The committed list keeps one request per shape.
 */
export function shapeKey(entry: RecordedRequest): string {
  const [arn, partition, service, region, account, ...rest] = entry.resource.split(":");
  const kind =
    entry.resource === "*"
      ? "*"
      : [arn, partition, service, region, account, rest.join(":").split(/[/:]/)[0]].join(":");
  const callSiteFile = entry.callSite.replace(/:\d+$/, "");
  const keys = Object.keys(entry.context).sort();
  return JSON.stringify([
    entry.principal,
    entry.action,
    kind,
    entry.implied ?? "",
    entry.command,
    callSiteFile,
    keys,
    entry.testFile,
  ]);
}

/** One request per shape, in a stable order. */
export function byShape(requests: readonly RecordedRequest[]): RecordedRequest[] {
  const found = new Map<string, RecordedRequest>();
  for (const entry of requests) if (!found.has(shapeKey(entry))) found.set(shapeKey(entry), entry);
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}
