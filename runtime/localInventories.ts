import { join } from "node:path";
import { createLocalComputeInventory, type LocalComputeOptions } from "@bbws/compute";
import type { ResourceInventory } from "@bbws/contracts";
import { createLocalIdentityInventory } from "@bbws/identity";
import type { LocalTargetGroups } from "@bbws/local-cloud";
import type { ResourceRecords } from "@bbws/mesh";
import { createLocalRoutingInventory } from "@bbws/routing";
import { createLocalStorageInventory, type SqlPool, type UidRange } from "@bbws/storage";

export interface LocalInventoryInput {
  readonly dataDir: string;
  readonly identityEndpoint: string;
  readonly pool: SqlPool;
  /** The MariaDB is not the stack's own: only databases of tenants this data dir knows. */
  readonly sharedServer: boolean;
  readonly uidRange: UidRange;
  readonly targetGroups: LocalTargetGroups;
  readonly compute: LocalComputeOptions;
  readonly records: (service: string) => ResourceRecords;
}

/** What really exists on this machine, per service: read by the orphan scan and the drift probe. */
export function createLocalInventories(input: LocalInventoryInput) {
  const secretsDir = join(input.dataDir, "secrets");
  return {
    identity: createLocalIdentityInventory({
      cognitoEndpoint: input.identityEndpoint,
      dataDir: input.dataDir,
      secretsDir,
      records: input.records("identity"),
    }),
    storage: createLocalStorageInventory({
      pool: input.pool,
      dataDir: input.dataDir,
      secretsDir,
      records: input.records("storage"),
      uidRange: input.uidRange,
      sharedServer: input.sharedServer,
    }),
    routing: createLocalRoutingInventory({ targetGroups: input.targetGroups }),
    compute: createLocalComputeInventory(input.compute),
  } satisfies Record<string, ResourceInventory>;
}
