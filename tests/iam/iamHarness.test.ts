import { describe, expect, it } from "vitest";
import { fileSystemArn } from "../../infra/efsCrossAccount.ts";
import { callerRoles } from "./callerRoles.ts";
import { callSiteOf, repoFrames } from "./callSite.ts";
import { toIamRequests } from "./mapping/serviceMappings.ts";
import { CONFIG, DEPLOYED } from "./simulatedDeployment.ts";
import { simulateRequest } from "./simulateRequest.ts";

/** The simulation's own parts: what they read from a stack, what they map, and that a deny is seen. */
const ROOT = new URL("../../", import.meta.url).pathname;
const stack = (...frames: string[]) => ["Error", ...frames.map((frame) => `    at ${frame}`)].join("\n");
const efsSite = { file: "packages/storage/src/adapters/aws/efsContentArea.ts", line: 93, fn: "" };

describe("call site and role", () => {
  const frames = repoFrames(
    stack(
      `Function.invoke (${ROOT}node_modules/sinon/lib/sinon/proxy-invoke.js:68:17)`,
      `${ROOT}packages/storage/src/adapters/aws/efsContentArea.ts:93:16`,
      `runStep (${ROOT}packages/mesh/src/service/runStep.ts:17:20)`,
      `Object.ensure (${ROOT}packages/storage/src/adapters/aws/efsContentArea.ts:92:29)`,
      `async ${ROOT}infra/lambdas/orphanScan.ts:40:3`,
      `${ROOT}packages/storage/src/adapters/aws/efsContentArea.test.ts:44:23`,
    ),
  );

  it("reads the repository's frames, innermost first, and the adapter that called send", () => {
    expect(frames.map((frame) => frame.file)).toEqual([
      "packages/storage/src/adapters/aws/efsContentArea.ts",
      "packages/mesh/src/service/runStep.ts",
      "packages/storage/src/adapters/aws/efsContentArea.ts",
      "infra/lambdas/orphanScan.ts",
      "packages/storage/src/adapters/aws/efsContentArea.test.ts",
    ]);
    expect(callSiteOf(frames)).toEqual({ ...efsSite, fn: "" });
  });

  it("lets the composition root decide the role, else the adapter's package", () => {
    expect(callerRoles(frames)).toEqual(["orphanScan"]);
    expect(callerRoles(frames.filter((frame) => !frame.file.startsWith("infra/")))).toEqual(["storage"]);
  });

  it("fails loudly on a call no rule knows", () => {
    expect(() => callerRoles([{ file: "packages/newservice/src/x.ts", line: 1, fn: "" }])).toThrow(
      /add a rule to tests\/iam\/callerRoles.ts/,
    );
  });
});

describe("mapping", () => {
  it("adds the tag-on-create authorisation EFS makes, with elasticfilesystem:CreateAction", () => {
    const { account, requests } = toIamRequests(
      "EFSClient",
      "CreateAccessPointCommand",
      { FileSystemId: "fs-1", Tags: [{ Key: "bbws:managedBy", Value: "bbws-instance-management" }] },
      { callSite: efsSite },
    );
    expect(account).toBe("workload");
    expect(requests.map((request) => request.action)).toEqual([
      "elasticfilesystem:CreateAccessPoint",
      "elasticfilesystem:TagResource",
    ]);
    expect(requests[1]?.resource).toMatch(/:access-point\/fsap-/);
    expect(requests[1]?.context).toMatchObject({
      "elasticfilesystem:CreateAction": "CreateAccessPoint",
      "aws:RequestTag/bbws:managedBy": "bbws-instance-management",
      "aws:TagKeys": ["bbws:managedBy"],
    });
  });

  it("authorises StartReplay on the archive, the destination bus and the new replay", () => {
    const { requests } = toIamRequests(
      "EventBridgeClient",
      "StartReplayCommand",
      { ReplayName: "bbws-replay-1", Destination: { Arn: DEPLOYED.bus, FilterArns: ["rule"] } },
      { callSite: efsSite },
    );
    expect(requests.map((request) => request.resource)).toEqual([
      DEPLOYED.busArchive,
      DEPLOYED.bus,
      DEPLOYED.busArchive.replace(/:archive\/.*$/, ":replay/bbws-replay-1"),
    ]);
  });

  it("fails loudly on a command or a client without a mapping", () => {
    expect(() => toIamRequests("EFSClient", "DeleteFileSystemCommand", {}, { callSite: efsSite })).toThrow(
      /map it to its IAM request\(s\)/,
    );
    expect(() => toIamRequests("KinesisClient", "PutRecordCommand", {}, { callSite: efsSite })).toThrow(
      /add a mapping/,
    );
  });
});

describe("evaluation", () => {
  it("allows what the table grants and denies what it does not", async () => {
    const ledgerItem = { action: "dynamodb:PutItem", resource: DEPLOYED.ledgerTable, context: {} };
    expect((await simulateRequest({ kind: "own", role: "ledger" }, ledgerItem)).decision).toBe("Allowed");
    expect((await simulateRequest({ kind: "own", role: "identity" }, ledgerItem)).decision).toBe(
      "ImplicitlyDenied",
    );
  });

  it("evaluates conditions: an access point tagged as someone else's is not ours to delete", async () => {
    const request = {
      action: "elasticfilesystem:DeleteAccessPoint",
      resource: "arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0123456789abcdef0",
    };
    const storage = { kind: "workload", user: "storage" } as const;
    const ours = { "aws:ResourceTag/bbws:managedBy": "bbws-instance-management" };
    expect((await simulateRequest(storage, { ...request, context: ours })).decision).toBe("Allowed");
    const theirs = { "aws:ResourceTag/bbws:managedBy": "someone-else" };
    expect((await simulateRequest(storage, { ...request, context: theirs })).decision).toBe(
      "ImplicitlyDenied",
    );
  });

  it("refuses an ARN of a resource type the action does not take", async () => {
    const wrong = { action: "dynamodb:PutItem", resource: DEPLOYED.bus, context: {} };
    await expect(simulateRequest({ kind: "own", role: "ledger" }, wrong)).rejects.toThrow(
      /iam-simulate refused/,
    );
  });

  it("checks sts:AssumeRole against the workload role's trust policy too", async () => {
    const assume = {
      action: "sts:AssumeRole",
      resource: "arn:aws:iam::111122223333:role/bbws-workload",
      context: {},
    };
    expect((await simulateRequest({ kind: "own", role: "identity" }, assume)).decision).toBe("Allowed");
  });

  it("checks a cross-account mount against the file system's policy too", async () => {
    const mount = (context: Record<string, string>) => ({
      action: "elasticfilesystem:ClientRootAccess",
      resource: fileSystemArn(CONFIG),
      context,
    });
    const viaRoot = {
      "elasticfilesystem:AccessedViaMountTarget": "true",
      "elasticfilesystem:AccessPointArn": CONFIG.infra.efsRootAccessPointArn,
    };
    const storage = { kind: "own", role: "storage" } as const;
    expect((await simulateRequest(storage, mount(viaRoot))).decision).toBe("Allowed");
    // The role's own grant has no condition: only the file system's policy refuses these.
    const otherAccessPoint = viaRoot["elasticfilesystem:AccessPointArn"].replace(
      /fsap-\w+$/,
      "fsap-0ffffffffffffffff",
    );
    for (const context of [
      { ...viaRoot, "elasticfilesystem:AccessPointArn": otherAccessPoint },
      { ...viaRoot, "elasticfilesystem:AccessedViaMountTarget": "false" },
    ])
      expect((await simulateRequest(storage, mount(context))).decision).toBe("ImplicitlyDenied");
  });
});
