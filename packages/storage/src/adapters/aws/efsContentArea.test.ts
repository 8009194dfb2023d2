import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AccessPointAlreadyExists,
  AccessPointLimitExceeded,
  AccessPointNotFound,
  CreateAccessPointCommand,
  DeleteAccessPointCommand,
  DescribeAccessPointsCommand,
  EFSClient,
} from "@aws-sdk/client-efs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { storageNamesOf } from "../../domain/storageNames.ts";
import { createAwsCall } from "./awsCalls.ts";
import { createEfsContentArea } from "./efsContentArea.ts";

const instanceId = "11111111-1111-4111-8111-111111111111";
const names = storageNamesOf({ instanceId, tenantId: "acme", environment: "prod" });
const client = new EFSClient({ region: "eu-west-1" });
const efs = mockClient(client);
const mountPath = mkdtempSync(join(tmpdir(), "bbws-efs-"));
const sleeps: number[] = [];
const area = createEfsContentArea({
  client,
  call: createAwsCall(),
  fileSystemId: "fs-0123456789abcdef0",
  mountPath,
  requireMountPoint: false,
  sleep: async (ms) => void sleeps.push(ms),
});
const $metadata = {};

beforeEach(() => {
  efs.reset();
  sleeps.length = 0;
});
afterAll(() => rmSync(mountPath, { recursive: true, force: true }));

describe("createEfsContentArea", () => {
  it("creates the access point with the instance's client token, the tenant's uid/gid, root and tags", async () => {
    efs
      .on(CreateAccessPointCommand)
      .resolves({ AccessPointId: "fsap-0abc0123456789def", LifeCycleState: "available" });
    expect(await area.ensure(names, { uid: 20_001, gid: 20_001 })).toEqual({
      accessPointId: "fsap-0abc0123456789def",
    });
    expect(efs.commandCalls(CreateAccessPointCommand)[0]?.args[0].input).toEqual({
      ClientToken: instanceId,
      FileSystemId: "fs-0123456789abcdef0",
      PosixUser: { Uid: 20_001, Gid: 20_001 },
      RootDirectory: {
        Path: "/tenants/acme",
        CreationInfo: { OwnerUid: 20_001, OwnerGid: 20_001, Permissions: "0750" },
      },
      Tags: [
        { Key: "Name", Value: "efs-ap-acme" },
        { Key: "bbws:tenantId", Value: "acme" },
        { Key: "bbws:instanceId", Value: instanceId },
        { Key: "bbws:environment", Value: "prod" },
        { Key: "bbws:managedBy", Value: "bbws-instance-management" },
      ],
    });
  });

  it("takes the id from AccessPointAlreadyExists when the token was used before (a retry after a lost answer)", async () => {
    efs.on(CreateAccessPointCommand).rejects(
      new AccessPointAlreadyExists({
        $metadata,
        message: "exists",
        ErrorCode: "x",
        AccessPointId: "fsap-0aaa1111bbbb22220",
      }),
    );
    efs.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [{ LifeCycleState: "available" }] });
    expect(await area.ensure(names, { uid: 20_001, gid: 20_001 })).toEqual({
      accessPointId: "fsap-0aaa1111bbbb22220",
    });
  });

  it("waits, without sleeping for real, until a new access point is available", async () => {
    efs
      .on(CreateAccessPointCommand)
      .resolves({ AccessPointId: "fsap-0abc0123456789def", LifeCycleState: "creating" });
    efs
      .on(DescribeAccessPointsCommand)
      .resolvesOnce({ AccessPoints: [{ LifeCycleState: "creating" }] })
      .resolves({ AccessPoints: [{ LifeCycleState: "available" }] });
    expect(await area.ensure(names, { uid: 20_001, gid: 20_001 })).toEqual({
      accessPointId: "fsap-0abc0123456789def",
    });
    expect(efs.commandCalls(DescribeAccessPointsCommand).map((c) => c.args[0].input)).toEqual([
      { AccessPointId: "fsap-0abc0123456789def" },
      { AccessPointId: "fsap-0abc0123456789def" },
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it("gives up with a retryable error when the access point stays in creation", async () => {
    efs
      .on(CreateAccessPointCommand)
      .resolves({ AccessPointId: "fsap-0abc0123456789def", LifeCycleState: "creating" });
    efs.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [{ LifeCycleState: "creating" }] });
    await expect(area.ensure(names, { uid: 20_001, gid: 20_001 })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.CLOUD_UNAVAILABLE", retryable: true }),
    );
    expect(sleeps).toHaveLength(7);
  });

  it("reports the 10,000 access point quota as a non-retryable STORAGE.QUOTA_EXHAUSTED, without retrying", async () => {
    efs
      .on(CreateAccessPointCommand)
      .rejects(new AccessPointLimitExceeded({ $metadata, message: "limit", ErrorCode: "x" }));
    await expect(area.ensure(names, { uid: 20_001, gid: 20_001 })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.QUOTA_EXHAUSTED", retryable: false }),
    );
    expect(efs.commandCalls(CreateAccessPointCommand)).toHaveLength(1);
  });

  it("tries a throttled create once (the SDK client retries), retryable; the redelivery succeeds", async () => {
    const throttled = Object.assign(new Error("rate"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 429 },
    });
    efs
      .on(CreateAccessPointCommand)
      .rejectsOnce(throttled)
      .resolves({ AccessPointId: "fsap-0abc0123456789def", LifeCycleState: "available" });
    await expect(area.ensure(names, { uid: 20_001, gid: 20_001 })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.CLOUD_UNAVAILABLE", retryable: true, cause: throttled }),
    );
    expect(efs.commandCalls(CreateAccessPointCommand)).toHaveLength(1);
    expect(await area.ensure(names, { uid: 20_001, gid: 20_001 })).toEqual({
      accessPointId: "fsap-0abc0123456789def",
    });
    expect(sleeps).toHaveLength(0);
  });

  it("deletes the known access point and the tenant's files through the mount", async () => {
    mkdirSync(join(mountPath, "tenants", "acme", "wp-content"), { recursive: true });
    writeFileSync(join(mountPath, "tenants", "acme", "wp-content", "a.txt"), "a");
    efs.on(DeleteAccessPointCommand).resolves({});
    expect(await area.release(names, { accessPointId: "fsap-0abc0123456789def" })).toEqual([
      "access-point:fsap-0abc0123456789def",
      "content:/tenants/acme",
    ]);
    expect(efs.commandCalls(DeleteAccessPointCommand)[0]?.args[0].input).toEqual({
      AccessPointId: "fsap-0abc0123456789def",
    });
    expect(existsSync(join(mountPath, "tenants", "acme"))).toBe(false);
  });

  it("finds an unrecorded access point by its root directory, across pages; a missing one is not an error", async () => {
    efs
      .on(DescribeAccessPointsCommand)
      .resolvesOnce({
        AccessPoints: [{ AccessPointId: "fsap-other", RootDirectory: { Path: "/tenants/other" } }],
        NextToken: "p2",
      })
      .resolves({
        AccessPoints: [{ AccessPointId: "fsap-0abc0123456789def", RootDirectory: { Path: "/tenants/acme" } }],
      });
    efs
      .on(DeleteAccessPointCommand)
      .rejects(new AccessPointNotFound({ $metadata, message: "gone", ErrorCode: "x" }));
    expect(await area.release(names, {})).toEqual([
      "access-point:fsap-0abc0123456789def",
      "content:/tenants/acme",
    ]);
    expect(efs.commandCalls(DescribeAccessPointsCommand).map((c) => c.args[0].input)).toEqual([
      { FileSystemId: "fs-0123456789abcdef0", MaxResults: 100, NextToken: undefined },
      { FileSystemId: "fs-0123456789abcdef0", MaxResults: 100, NextToken: "p2" },
    ]);
  });

  it("reads the tenant's files from the mount path", () => {
    expect(area.pathOf(names)).toBe(join(mountPath, "tenants", "acme"));
  });

  it("refuses to archive or delete anything when the file system is not mounted there", async () => {
    const unmounted = createEfsContentArea({
      client,
      call: createAwsCall(),
      fileSystemId: "fs-0",
      mountPath,
    });
    const refused = expect.objectContaining({ code: "STORAGE.CONTENT_FAILED", retryable: false });
    expect(() => unmounted.pathOf(names)).toThrow(refused);
    await expect(unmounted.release(names, { accessPointId: "fsap-0abc0123456789def" })).rejects.toThrow(
      refused,
    );
    expect(efs.commandCalls(DeleteAccessPointCommand)).toHaveLength(0);
    const missing = createEfsContentArea({
      client,
      call: createAwsCall(),
      fileSystemId: "fs-0",
      mountPath: join(mountPath, "nope"),
      requireMountPoint: false,
    });
    expect(() => missing.pathOf(names)).toThrow(refused);
  });

  it("accepts a real mount point", () => {
    const proc = createEfsContentArea({
      client,
      call: createAwsCall(),
      fileSystemId: "fs-0",
      mountPath: "/proc",
    });
    expect(proc.pathOf(names)).toBe("/proc/tenants/acme");
  });
});
