import {
  type CleanupReport,
  createEvent,
  type DomainEvent,
  ENVIRONMENTS,
  type Environment,
  type Orphan,
  type OrphanReport,
  type OwnedResource,
  type ResourceInventory,
} from "@bbws/contracts";
import type { EventPublisher, Logger } from "@bbws/mesh";
import { findOrphans, type InstanceSummary } from "../domain/findOrphans.ts";
import { orphanRemovalOrder } from "../domain/orphanRemovalOrder.ts";
import type { LedgerStore } from "../ports.ts";

export interface OrphanScannerDeps {
  /** One per service (AWS or local); each lists what really exists and removes one resource. */
  readonly inventories: readonly ResourceInventory[];
  readonly store: LedgerStore;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly logger: Logger;
  /**
   * The environment an `OrphansFound` names when neither the tenant's orphans nor its instances
   * tell one (each AWS environment is its own account); default `dev`.
   */
  readonly environment?: Environment;
}

export interface OrphanScanner {
  /** `publish: false` (an operator's on-demand look) reports without publishing OrphansFound. */
  scan(options?: { publish?: boolean }): Promise<OrphanReport>;
  /**
   * Scans afresh, then (unless dryRun) removes every orphan in release order; right before each
   * removal the ledger is read again (consistent reads), and a resource claimed since is kept.
   */
  cleanup(options: { dryRun: boolean }): Promise<CleanupReport>;
}

const PAGE_SIZE = 100;
const keyOf = (resource: OwnedResource) => `${resource.service}/${resource.kind}/${resource.id}`;

/** HLD §5.4: compares what exists with the ledger, reports orphans per tenant, cleans up on request. */
export function createOrphanScanner(deps: OrphanScannerDeps): OrphanScanner {
  const { store, logger } = deps;

  async function instancesInLedger(): Promise<InstanceSummary[]> {
    const instances: InstanceSummary[] = [];
    let startAt: string | undefined;
    do {
      const page = await store.list({ limit: PAGE_SIZE, ...(startAt ? { startAt } : {}) });
      for (const { instanceId, tenantId, environment, state } of page.items)
        instances.push({ instanceId, tenantId, environment, state });
      startAt = page.nextStartAt;
    } while (startAt);
    return instances;
  }

  async function scanOnce(publish: boolean) {
    const scanId = deps.newId();
    const scannedAt = deps.clock().toISOString();
    // Inventories FIRST, the ledger SECOND: an instance created meanwhile is in the ledger by the
    // time we read it, so its fresh resources are owned, never reported as orphans.
    const owners = new Map<string, ResourceInventory>();
    const resources: OwnedResource[] = [];
    for (const inventory of deps.inventories) {
      for (const resource of await inventory.list()) {
        owners.set(keyOf(resource), inventory);
        resources.push(resource);
      }
    }
    const instances = await instancesInLedger();
    const orphans = findOrphans(resources, instances);
    const events = orphansFoundEvents({ scanId, scannedAt, orphans, instances });
    if (publish && events.length > 0) await deps.publisher.publish(events);
    logger.info("orphan scan finished", { scanId, resources: resources.length, orphans: orphans.length });
    return { report: { scanId, scannedAt, resources: resources.length, orphans }, owners };
  }

  function orphansFoundEvents(input: {
    scanId: string;
    scannedAt: string;
    orphans: readonly Orphan[];
    instances: readonly InstanceSummary[];
  }): DomainEvent[] {
    const byTenant = new Map<string, Orphan[]>();
    for (const orphan of input.orphans)
      byTenant.set(orphan.tenantId, [...(byTenant.get(orphan.tenantId) ?? []), orphan]);
    return [...byTenant].map(([tenantId, orphans]) =>
      createEvent({
        name: "OrphansFound",
        meta: {
          eventId: deps.newId(),
          occurredAt: input.scannedAt,
          correlationId: input.scanId,
          causationId: null,
          tenantId,
          environment: environmentOf(
            orphans,
            input.instances.filter((i) => i.tenantId === tenantId),
          ),
        },
        data: { scanId: input.scanId, orphans },
      }),
    );
  }

  function environmentOf(orphans: readonly Orphan[], instances: readonly InstanceSummary[]): Environment {
    return (
      orphans.find((orphan) => orphan.environment)?.environment ??
      instances.at(-1)?.environment ??
      deps.environment ??
      "dev"
    );
  }

  async function cleanup(options: { dryRun: boolean }): Promise<CleanupReport> {
    const { report, owners } = await scanOnce(false);
    const result: CleanupReport = {
      scanId: report.scanId,
      dryRun: options.dryRun,
      orphans: report.orphans,
      removed: [],
      failed: [],
    };
    if (options.dryRun) return result;
    for (const orphan of orphanRemovalOrder(report.orphans)) {
      const { reason, ...resource } = orphan;
      const fields = { scanId: report.scanId, service: orphan.service, kind: orphan.kind, id: orphan.id };
      try {
        const inventory = owners.get(keyOf(orphan));
        if (!inventory) throw new Error(`no inventory listed ${keyOf(orphan)}`);
        const claim = await claimedSinceScan(orphan);
        if (claim) throw new Error(`kept: ${claim} since the scan`);
        const deleted = await inventory.remove(resource);
        result.removed.push({ resource: orphan, deleted });
        logger.info("orphan removed", { ...fields, tenantId: orphan.tenantId, reason, deleted });
      } catch (error) {
        // One failure does not stop the others: the report says which are left.
        result.failed.push({
          resource: orphan,
          error: error instanceof Error ? error.message : String(error),
        });
        logger.error("orphan removal failed", { ...fields, tenantId: orphan.tenantId, error });
      }
    }
    return result;
  }

  /** The scan's ledger read may be stale (an index); the tenant slot and the record are not. */
  async function claimedSinceScan(orphan: Orphan): Promise<string | null> {
    if (orphan.instanceId) {
      const stored = await store.get(orphan.instanceId);
      const state = stored?.record.state;
      return state && state !== "DEPROVISIONED" && state !== "FAILED"
        ? `its instance ${orphan.instanceId} is ${state}`
        : null;
    }
    for (const environment of orphan.environment ? [orphan.environment] : ENVIRONMENTS) {
      const live = await store.findLiveInstanceId(orphan.tenantId, environment);
      if (live) return `tenant ${orphan.tenantId} has a live instance ${live} in ${environment}`;
    }
    return null;
  }

  return {
    scan: async (options) => (await scanOnce(options?.publish ?? true)).report,
    cleanup,
  };
}
