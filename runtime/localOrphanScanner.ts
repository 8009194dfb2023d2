import { randomUUID } from "node:crypto";
import { createOrphanScanner, type OrphanScanner } from "@bbws/ledger";
import type { Logger } from "@bbws/mesh";
import type { LocalMesh } from "./createLocalMesh.ts";
import { createLocalInventories, type LocalInventoryInput } from "./localInventories.ts";
/**
 * The orphan scan over what really exists on this machine: cognito-local pools and SSO
 * secrets, databases, accounts, content dirs, secrets and uid claims, routes, php process
 * groups and registry entries, compared with the ledger (docs/operations.md).
 */
export function createLocalOrphanScanner(
  input: LocalInventoryInput & { mesh: Pick<LocalMesh, "ledgerStore" | "bus">; logger: Logger },
): OrphanScanner {
  const inventories = createLocalInventories(input);
  return createOrphanScanner({
    inventories: [inventories.identity, inventories.storage, inventories.routing, inventories.compute],
    store: input.mesh.ledgerStore,
    publisher: input.mesh.bus,
    clock: () => new Date(),
    newId: randomUUID,
    logger: input.logger,
  });
}
