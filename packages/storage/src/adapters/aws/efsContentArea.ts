import { statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import {
  type AccessPointDescription,
  CreateAccessPointCommand,
  type CreateAccessPointCommandInput,
  DeleteAccessPointCommand,
  DescribeAccessPointsCommand,
  type EFSClient,
} from "@aws-sdk/client-efs";
import { resourceTags } from "@bbws/contracts";
import { StorageError } from "../../domain/errors.ts";
import type { StorageNames } from "../../domain/storageNames.ts";
import { toContentError } from "../contentErrors.ts";
import type { ContentArea } from "../storageParts.ts";
import { type AwsCall, errorName, tagList } from "./awsCalls.ts";

/** Describes of a new access point before giving the message back to SQS (under 10 s of waiting). */
const ACCESS_POINT_POLLS = 8;

/**
 * An EFS access point per tenant: it forces the tenant's uid/gid on every file
 * operation and roots the tenant at `/tenants/{tenantId}`, which EFS creates on
 * first use owned by that uid/gid with mode 0750. The storage Lambda mounts the
 * whole file system at `mountPath` (e.g. `/mnt/efs`, through an access point
 * with uid 0 rooted at `/`) to archive and delete a tenant's files.
 */
export function createEfsContentArea(input: {
  client: EFSClient;
  call: AwsCall;
  fileSystemId: string;
  mountPath: string;
  /** Default true: `mountPath` must be a mount point (another device than its parent). */
  requireMountPoint?: boolean;
  /** Injected in tests: the wait for a new access point to become available. */
  sleep?: (ms: number) => Promise<void>;
}): ContentArea {
  const { client, call, fileSystemId: FileSystemId } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const mountPath = resolve(input.mountPath);
  const tenantsDir = join(mountPath, "tenants");
  const pathOf = (names: StorageNames) => {
    assertMounted(mountPath, input.requireMountPoint ?? true);
    const path = join(mountPath, names.contentRoot);
    if (!path.startsWith(`${tenantsDir}${sep}`))
      throw new Error(`content path ${path} escapes ${tenantsDir}`);
    return path;
  };

  /** After a crash between CreateAccessPoint and the record, the id is found by the tenant's root path. */
  async function find(names: StorageNames): Promise<string | undefined> {
    let NextToken: string | undefined;
    do {
      const page = await call("list access points", () =>
        client.send(new DescribeAccessPointsCommand({ FileSystemId, MaxResults: 100, NextToken })),
      );
      const match = (page.AccessPoints ?? []).find(
        (point: AccessPointDescription) => point.RootDirectory?.Path === names.contentRoot,
      );
      if (match?.AccessPointId) return match.AccessPointId;
      NextToken = page.NextToken;
    } while (NextToken);
    return undefined;
  }

  /**
   * StorageReady should mean usable: a task cannot mount an access point that is still
   * `creating`. A waiter on a state, not a retry: a failed DescribeAccessPoints is not tried
   * again here (the SDK client has its retry budget); past the polls the retryable error sends
   * the message back to SQS, and CreateAccessPoint's ClientToken finds the same access point.
   */
  async function waitUntilAvailable(AccessPointId: string): Promise<void> {
    let state: string | undefined;
    for (let poll = 1; poll <= ACCESS_POINT_POLLS; poll += 1) {
      if (poll > 1) await sleep(Math.min(250 * 2 ** (poll - 2), 2_000));
      const { AccessPoints = [] } = await call("describe access point", () =>
        client.send(new DescribeAccessPointsCommand({ AccessPointId })),
      );
      state = AccessPoints[0]?.LifeCycleState;
      if (state === "available") return;
    }
    throw new StorageError("STORAGE.CLOUD_UNAVAILABLE", `access point ${AccessPointId} is ${state}`, {
      retryable: true,
    });
  }

  return {
    pathOf,
    // The Lambda's own access point is uid 0 (ClientRootAccess): it can chown through the mount.
    restoredOwner: (posix) => posix,
    async ensure(names, posix) {
      const created = await call("create access point", () =>
        client.send(new CreateAccessPointCommand(accessPointInput(names, FileSystemId, posix))).then(
          (answer) => ({ id: answer.AccessPointId, state: answer.LifeCycleState }),
          (error: unknown) =>
            errorName(error) === "AccessPointAlreadyExists"
              ? { id: (error as { AccessPointId?: string }).AccessPointId, state: undefined }
              : Promise.reject(error),
        ),
      );
      if (!created.id) throw new Error("CreateAccessPoint answered without an AccessPointId");
      if (created.state !== "available") await waitUntilAvailable(created.id);
      return { accessPointId: created.id };
    },
    async release(names, known) {
      const path = pathOf(names);
      const accessPointId = known.accessPointId ?? (await find(names));
      if (accessPointId)
        await call("delete access point", () =>
          client
            .send(new DeleteAccessPointCommand({ AccessPointId: accessPointId }))
            .catch((error: unknown) => {
              if (errorName(error) !== "AccessPointNotFound") throw error;
            }),
        );
      // Deleting the access point leaves the files: remove them through the mount.
      await rm(path, { recursive: true, force: true }).catch((error: unknown) => {
        throw toContentError(error, `remove ${path}`);
      });
      return [...(accessPointId ? [`access-point:${accessPointId}`] : []), `content:${names.contentRoot}`];
    },
  };
}

/** The tenant's access point: its uid/gid forced on every operation, rooted at `/tenants/{tenantId}`. */
export function accessPointInput(
  names: StorageNames,
  fileSystemId: string,
  posix: { uid: number; gid: number },
): CreateAccessPointCommandInput {
  return {
    // The same instance always sends the same token: a retry returns the same access point.
    ClientToken: names.instanceId,
    FileSystemId: fileSystemId,
    PosixUser: { Uid: posix.uid, Gid: posix.gid },
    RootDirectory: {
      Path: names.contentRoot,
      // EFS creates the directory on first use with this owner and mode.
      CreationInfo: { OwnerUid: posix.uid, OwnerGid: posix.gid, Permissions: "0750" },
    },
    Tags: [{ Key: "Name", Value: names.accessPointName }, ...tagList(resourceTags(names))],
  };
}

/**
 * Without the file system mounted, the archive would hold no content and the
 * files would stay on EFS unseen: refuse before anything is archived or deleted.
 */
function assertMounted(mountPath: string, requireMountPoint: boolean): void {
  const here = statSync(mountPath, { throwIfNoEntry: false });
  const parent = statSync(dirname(mountPath), { throwIfNoEntry: false });
  if (here?.isDirectory() && (!requireMountPoint || here.dev !== parent?.dev)) return;
  throw new StorageError("STORAGE.CONTENT_FAILED", `the EFS file system is not mounted at ${mountPath}`, {
    retryable: false,
  });
}
