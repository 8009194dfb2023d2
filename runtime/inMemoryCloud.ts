import type { Backup, InstanceRef, Service } from "@bbws/contracts";
import { resourceNames, ServiceError } from "@bbws/contracts";
import type { IdentityProvider } from "@bbws/identity";
import type { RoutingProvider } from "@bbws/routing";
import type { StorageProvider } from "@bbws/storage";
import { createInMemoryCompute, type RunningCompute } from "./inMemoryCompute.ts";
import { emptyInventory, type Inventory, loadInventory, saveInventory } from "./inMemoryInventory.ts";
import { archiveOf, identityOutputs, routingOutputs, storageOutputs } from "./inMemoryOutputs.ts";

/**
 * Zero-latency in-memory implementations of the four cloud-facing ports, with
 * an inventory (so a test can assert that every resource exists exactly once or
 * not at all) and a fault plan that makes a chosen call fail the way clouds
 * fail. Used by the saga tests, the benchmark and the in-memory demo; the real
 * local providers (MariaDB, directories, PHP, proxy) are separate adapters.
 */
export type FaultKind = "transient" | "permanent" | "timeoutAfterEffect" | "permanentAfterEffect";

/**
 * Provisioning (ensure, release) and the lifecycle calls: compute's five, routing's suspend/resume,
 * storage's backup/restore and its credentials rotation (rotate: the new password set; revoke: the
 * old one revoked, or the new one by a rollback).
 */
export type FaultAction =
  | "ensure"
  | "release"
  | "suspend"
  | "resume"
  | "scale"
  | "updateImage"
  | "restart"
  | "backup"
  | "restore"
  | "rotate"
  | "revoke";

export interface Fault {
  readonly service: Service;
  readonly action: FaultAction;
  readonly kind: FaultKind;
  /** How many calls fail (default 1); a permanent fault without `times` fails every call. */
  readonly times?: number;
  /** The first `after` calls succeed (a fault on the second suspend of a restore: its undo). */
  readonly after?: number;
  /** Only this tenant's calls (default: every tenant's, counted per tenant). */
  readonly tenantId?: string;
}

export type { RunningCompute } from "./inMemoryCompute.ts";

export interface InMemoryCloudOptions {
  readonly faults?: readonly Fault[];
  /** Keep the inventory in this JSON file, so it outlives the process (restart tests). */
  readonly inventoryFile?: string;
  /** When a backup is taken (default: the real clock). */
  readonly clock?: () => number;
}

export function createInMemoryCloud(options: InMemoryCloudOptions = {}) {
  const faults = options.faults ?? [];
  const takenAt = () => new Date((options.clock ?? Date.now)()).toISOString();
  const inventory = options.inventoryFile ? loadInventory(options.inventoryFile) : emptyInventory();
  const calls = new Map<string, number>();
  /** Instances whose route serves the maintenance response. */
  const suspended = new Set<string>();
  /** Each instance's compute service as a real one would hold it (desiredCount 0 while suspended). */
  const running = new Map<string, RunningCompute>();

  /** Runs `effect` under the fault plan: before it (transient, permanent) or after it (timeout, permanentAfterEffect). */
  function call<T>(service: Service, action: FaultAction, instance: InstanceRef, effect: () => T): T {
    const key = `${service}:${action}:${instance.tenantId}`;
    const count = (calls.get(key) ?? 0) + 1;
    calls.set(key, count);
    const fault = faults.find(
      (candidate) =>
        candidate.service === service &&
        candidate.action === action &&
        (candidate.tenantId === undefined || candidate.tenantId === instance.tenantId),
    );
    const after = fault?.after ?? 0;
    const always = fault?.kind === "permanent" && fault.times === undefined;
    const active = fault && count > after && (always || count <= after + (fault.times ?? 1));
    if (active && fault.kind === "transient")
      throw new ServiceError(`${service.toUpperCase()}.THROTTLED`, "rate exceeded", { retryable: true });
    if (active && fault.kind === "permanent")
      throw new ServiceError(`${service.toUpperCase()}.QUOTA_EXHAUSTED`, "quota exhausted", {
        retryable: false,
      });
    const result = effect();
    if (active && fault.kind === "timeoutAfterEffect")
      throw new ServiceError(`${service.toUpperCase()}.TIMEOUT`, "socket timeout", { retryable: true });
    // Applied, then refused: a change that half happened (a revision registered, the service not updated).
    if (active && fault.kind === "permanentAfterEffect")
      throw new ServiceError(`${service.toUpperCase()}.PARTIALLY_APPLIED`, "applied in part", {
        retryable: false,
      });
    return result;
  }

  function create(service: Service, name: string, instanceId: string): void {
    if (inventory.live[service].has(name)) return; // idempotent, like a create with a client token
    inventory.live[service].set(name, instanceId);
    inventory.creations[service].set(name, (inventory.creations[service].get(name) ?? 0) + 1);
    if (options.inventoryFile) saveInventory(options.inventoryFile, inventory);
  }

  function release(service: Service, name: string): string[] {
    if (!inventory.live[service].delete(name)) return [];
    if (options.inventoryFile) saveInventory(options.inventoryFile, inventory);
    return [name];
  }

  const names = (instance: InstanceRef) => resourceNames(instance.tenantId, instance.environment);

  // Identity's steps: the pool is the one resource the inventory tracks, and it carries the faults.
  const identity: IdentityProvider = {
    async createUserPool(instance) {
      return call("identity", "ensure", instance, () => {
        create("identity", names(instance).userPool, instance.instanceId);
        return identityOutputs(instance).userPoolId;
      });
    },
    createAppClient: async (instance) => identityOutputs(instance).appClientId,
    createGroups: async () => undefined,
    createDomain: async (instance) => identityOutputs(instance).hostedDomain,
    storeClientSecret: async (instance) => identityOutputs(instance).clientSecretRef,
    async findIdentity(instance) {
      const { userPoolId, appClientId } = identityOutputs(instance);
      return { recorded: true, userPoolId, appClientId };
    },
    deleteDomain: async () => [],
    deleteAppClient: async () => [],
    async deleteUserPool(instance) {
      return call("identity", "release", instance, () => release("identity", names(instance).userPool));
    },
    deleteClientSecret: async () => [],
    forgetIdentity: async () => undefined,
  };

  // Storage's steps: the database stands for all its resources; the fault plan hits its create and drop.
  const storage: StorageProvider = {
    async claimTenant() {},
    async allocateUid(instance) {
      return storageOutputs(instance).posixUid;
    },
    async ensureContentArea(instance) {
      return { accessPointId: storageOutputs(instance).accessPointId };
    },
    async ensureCredentials(instance) {
      return { secretRef: storageOutputs(instance).credentialsSecretRef };
    },
    async ensureDatabase(instance) {
      call("storage", "ensure", instance, () =>
        create("storage", names(instance).databaseName, instance.instanceId),
      );
    },
    async completeStorage(instance) {
      return storageOutputs(instance);
    },
    async archiveData(instance) {
      return archiveOf(instance);
    },
    async releaseContent() {
      return [];
    },
    async dropDatabase(instance) {
      return call("storage", "release", instance, () => release("storage", names(instance).databaseName));
    },
    async removeCredentials() {
      return [];
    },
    async releaseUid() {
      return [];
    },
    async forgetStorage() {},
    /** Stores a backup, or the safety backup a restore takes first (backupId = operationId). */
    async storeBackup(instance, backupId): Promise<Backup> {
      return call("storage", "backup", instance, () => ({
        ...archiveOf(instance),
        backupId,
        takenAt: takenAt(),
      }));
    },
    async verifyBackup() {},
    /** The swap of a restore, and of its safety backup when the swap failed. */
    async restoreData(instance) {
      call("storage", "restore", instance, () => undefined);
    },
    createPendingCredentials: async () => undefined,
    async setPendingPassword(instance) {
      call("storage", "rotate", instance, () => undefined);
    },
    testPendingCredentials: async () => undefined,
    promotePendingCredentials: async () => undefined,
    restorePreviousCredentials: async () => undefined,
    async revokePreviousCredentials(instance) {
      call("storage", "revoke", instance, () => undefined);
    },
  };

  // The target group stands for the whole route: the other steps create nothing of their own.
  const routing: RoutingProvider = {
    claimSlot: async () => ({ loadBalancerArn: "memory-alb", listenerArn: "memory-listener", priority: 1 }),
    async ensureTargetGroup(instance) {
      return call("routing", "ensure", instance, () => {
        create("routing", names(instance).targetGroup, instance.instanceId);
        return routingOutputs(instance).targetGroupRef;
      });
    },
    ensureRule: async (instance) => routingOutputs(instance).listenerRuleRef,
    ensureAddress: async (instance) => {
      const { hostname, url } = routingOutputs(instance);
      return { hostname, url };
    },
    deleteAddress: async () => [],
    deleteRule: async () => [],
    freeSlot: async () => [],
    async deleteTargetGroup(instance) {
      return call("routing", "release", instance, () => {
        suspended.delete(instance.instanceId);
        return release("routing", names(instance).targetGroup);
      });
    },
    async serveMaintenance(instance) {
      call("routing", "suspend", instance, () => suspended.add(instance.instanceId));
    },
    async forward(instance) {
      call("routing", "resume", instance, () => suspended.delete(instance.instanceId));
    },
  };

  const compute = createInMemoryCompute({ call, create, release, running });
  return { inventory, providers: { identity, storage, routing, compute }, suspended, running };
}

export type InMemoryCloud = ReturnType<typeof createInMemoryCloud>;
export { type Inventory, loadInventory };
