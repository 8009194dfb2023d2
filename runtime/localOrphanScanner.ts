import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createLocalComputeInventory, type LocalComputeOptions } from "@bbws/compute";
import { createLocalIdentityInventory } from "@bbws/identity";
import { createOrphanScanner, type OrphanScanner } from "@bbws/ledger";
import type { LocalTargetGroups } from "@bbws/local-cloud";
import type { Logger, ResourceRecords } from "@bbws/mesh";
import { createLocalRoutingInventory } from "@bbws/routing";
import { createLocalStorageInventory, type SqlPool, type UidRange } from "@bbws/storage";
import type { LocalMesh } from "./createLocalMesh.ts";

/**
 * The orphan scan over what really exists on this machine: cognito-local pools and SSO
 * secrets, databases, accounts, content dirs, secrets and uid claims, routes, php process
 * groups and registry entries, compared with the ledger (docs/operations.md).
 */
export function createLocalOrphanScanner(input: {
  dataDir: string;
  identityEndpoint: string;
  pool: SqlPool;
  /** The MariaDB is not the stack's own: only databases of tenants this data dir knows. */
  sharedServer: boolean;
  uidRange: UidRange;
  targetGroups: LocalTargetGroups;
  compute: LocalComputeOptions;
  records: (service: string) => ResourceRecords;
  mesh: Pick<LocalMesh, "ledgerStore" | "bus">;
  logger: Logger;
}): OrphanScanner {
  const secretsDir = join(input.dataDir, "secrets");
  return createOrphanScanner({
    inventories: [
      createLocalIdentityInventory({
        cognitoEndpoint: input.identityEndpoint,
        dataDir: input.dataDir,
        secretsDir,
        records: input.records("identity"),
      }),
      createLocalStorageInventory({
        pool: input.pool,
        dataDir: input.dataDir,
        secretsDir,
        records: input.records("storage"),
        uidRange: input.uidRange,
        sharedServer: input.sharedServer,
      }),
      createLocalRoutingInventory({ targetGroups: input.targetGroups }),
      createLocalComputeInventory(input.compute),
    ],
    store: input.mesh.ledgerStore,
    publisher: input.mesh.bus,
    clock: () => new Date(),
    newId: randomUUID,
    logger: input.logger,
  });
}
