import { chmod, chown, lstat, mkdir, rm } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { Logger } from "@bbws/mesh";
import type { StorageNames } from "../../domain/storageNames.ts";
import { toContentError } from "../contentErrors.ts";
import type { ContentArea } from "../storageParts.ts";

/**
 * The local stand-in for the EFS file system: `<efsRoot>/tenants/{tenantId}`,
 * owned by the tenant's uid/gid, mode 0750. Outputs keep the EFS path
 * (`/tenants/{tenantId}`); the local runtime maps it under `<efsRoot>`.
 * `tenants/` itself is 0711: a tenant can reach its own directory but not list the others.
 */
export function createLocalContentArea(input: {
  efsRoot: string;
  /** Off when not running as root: no chown, every directory belongs to this process's user. */
  fileIsolation: boolean;
  logger: Logger;
}): ContentArea {
  const efsRoot = resolve(input.efsRoot);
  const tenantsDir = join(efsRoot, "tenants");
  const pathOf = (names: StorageNames) => {
    const path = join(efsRoot, names.contentRoot);
    // The tenantId rule already forbids `/` and `..`; this keeps a future name change from escaping.
    if (!path.startsWith(`${tenantsDir}${sep}`))
      throw new Error(`content path ${path} escapes ${tenantsDir}`);
    return path;
  };
  if (!input.fileIsolation)
    input.logger.warn("not running as root: file isolation is off, tenant directories are not chowned", {
      efsRoot,
    });

  return {
    pathOf,
    restoredOwner: (posix) => (input.fileIsolation ? posix : undefined),
    async ensure(names, posix) {
      const path = pathOf(names);
      try {
        await mkdir(tenantsDir, { recursive: true, mode: 0o711 });
        for (const dir of [efsRoot, tenantsDir]) await chmod(dir, 0o711);
        await mkdir(path, { mode: 0o750 }).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error;
        });
        if (!(await lstat(path)).isDirectory()) throw new Error(`${path} exists and is not a directory`);
        if (input.fileIsolation) await chown(path, posix.uid, posix.gid);
        await chmod(path, 0o750);
      } catch (error) {
        throw toContentError(error, `prepare ${path}`);
      }
      return { accessPointId: names.accessPointName };
    },
    async release(names) {
      const path = pathOf(names);
      await rm(path, { recursive: true, force: true }).catch((error: unknown) => {
        throw toContentError(error, `remove ${path}`);
      });
      return [`content:${names.contentRoot}`];
    },
  };
}
