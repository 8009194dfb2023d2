import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ComputeProvider } from "@bbws/compute";
import type {
  Archive,
  Backup,
  ComputeOutputs,
  IdentityOutputs,
  InstanceRef,
  RoutingOutputs,
  Service,
  StorageOutputs,
} from "@bbws/contracts";
import { resourceNames, ServiceError } from "@bbws/contracts";
import type { IdentityProvider } from "@bbws/identity";
import type { RoutingProvider } from "@bbws/routing";
import type { StorageProvider } from "@bbws/storage";

/**
 * Zero-latency in-memory implementations of the four cloud-facing ports, with
 * an inventory (so a test can assert that every resource exists exactly once or
 * not at all) and a fault plan that makes a chosen call fail the way clouds
 * fail. Used by the saga tests, the benchmark and the in-memory demo; the real
 * local providers (MariaDB, directories, PHP, proxy) are separate adapters.
 */
export type FaultKind = "transient" | "permanent" | "timeoutAfterEffect";

export interface Fault {
  readonly service: Service;
  readonly action: "ensure" | "release";
  readonly kind: FaultKind;
  /** How many calls fail (transient, timeoutAfterEffect); permanent always fails. */
  readonly times?: number;
  /** Only this tenant's calls (default: every tenant's, counted per tenant). */
  readonly tenantId?: string;
}

export interface InMemoryCloudOptions {
  readonly faults?: readonly Fault[];
  /** Keep the inventory in this JSON file, so it outlives the process (restart tests). */
  readonly inventoryFile?: string;
  /** When a backup is taken (default: the real clock). */
  readonly clock?: () => number;
}

export interface Inventory {
  /** Live resources per service: resource name -> instanceId. */
  readonly live: Record<Service, Map<string, string>>;
  /** How many times each resource name was created (a re-create after a release counts). */
  readonly creations: Record<Service, Map<string, number>>;
}

export function createInMemoryCloud(options: InMemoryCloudOptions = {}) {
  const faults = options.faults ?? [];
  const takenAt = () => new Date((options.clock ?? Date.now)()).toISOString();
  const inventory = options.inventoryFile ? loadInventory(options.inventoryFile) : emptyInventory();
  const calls = new Map<string, number>();
  const suspended = new Set<string>();

  /** Runs `effect` under the fault plan: before it (transient, permanent) or after it (timeout). */
  function call<T>(service: Service, action: Fault["action"], instance: InstanceRef, effect: () => T): T {
    const key = `${service}:${action}:${instance.tenantId}`;
    const count = (calls.get(key) ?? 0) + 1;
    calls.set(key, count);
    const fault = faults.find(
      (candidate) =>
        candidate.service === service &&
        candidate.action === action &&
        (candidate.tenantId === undefined || candidate.tenantId === instance.tenantId),
    );
    const active = fault && (fault.kind === "permanent" || count <= (fault.times ?? 1));
    if (active && fault.kind === "transient")
      throw new ServiceError(`${service.toUpperCase()}.THROTTLED`, "rate exceeded", { retryable: true });
    if (active && fault.kind === "permanent")
      throw new ServiceError(`${service.toUpperCase()}.QUOTA_EXHAUSTED`, "quota exhausted", {
        retryable: false,
      });
    const result = effect();
    if (active && fault.kind === "timeoutAfterEffect")
      throw new ServiceError(`${service.toUpperCase()}.TIMEOUT`, "socket timeout", { retryable: true });
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

  const identity: IdentityProvider = {
    async ensureIdentity(instance) {
      return call("identity", "ensure", instance, () => {
        create("identity", names(instance).userPool, instance.instanceId);
        return identityOutputs(instance);
      });
    },
    async releaseIdentity(instance) {
      return call("identity", "release", instance, () => release("identity", names(instance).userPool));
    },
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
    async backup(instance, backupId): Promise<Backup> {
      return { ...archiveOf(instance), backupId, takenAt: takenAt() };
    },
    /** Answers with the safety backup a real restore takes first. */
    async restore(instance, request): Promise<Backup> {
      return { ...archiveOf(instance), backupId: request.operationId, takenAt: takenAt() };
    },
  };

  const routing: RoutingProvider = {
    async ensureRoute(instance) {
      return call("routing", "ensure", instance, () => {
        create("routing", names(instance).targetGroup, instance.instanceId);
        return routingOutputs(instance);
      });
    },
    async releaseRoute(instance) {
      return call("routing", "release", instance, () => release("routing", names(instance).targetGroup));
    },
    async suspendRoute(instance) {
      suspended.add(instance.instanceId);
    },
    async resumeRoute(instance) {
      suspended.delete(instance.instanceId);
    },
  };

  const compute: ComputeProvider = {
    async ensureCompute(instance, request) {
      return call("compute", "ensure", instance, () => {
        create("compute", names(instance).ecsService, instance.instanceId);
        return computeOutputs(instance, request.spec.desiredCount);
      });
    },
    async checkHealth(instance) {
      return { url: `http://${instance.tenantId}.localhost/`, httpStatus: 200 };
    },
    async releaseCompute(instance) {
      return call("compute", "release", instance, () => release("compute", names(instance).ecsService));
    },
    async suspend(instance) {
      return computeOutputs(instance, 0 + 1);
    },
    async resume(instance) {
      return computeOutputs(instance, 1);
    },
    async scale(instance, change) {
      return computeOutputs(instance, change.desiredCount);
    },
    async updateImage(instance) {
      return computeOutputs(instance, 1);
    },
    async restart(instance) {
      return computeOutputs(instance, 1);
    },
  };

  return { inventory, providers: { identity, storage, routing, compute }, suspended };
}

export type InMemoryCloud = ReturnType<typeof createInMemoryCloud>;

function identityOutputs(instance: InstanceRef): IdentityOutputs {
  return {
    userPoolId: `local_${instance.tenantId}`,
    appClientId: `client-${instance.tenantId}`,
    hostedDomain: `bbws-${instance.tenantId}-${instance.environment}.auth.local`,
    clientSecretRef: `local-secret:${instance.tenantId}/sso`,
  };
}

function storageOutputs(instance: InstanceRef): StorageOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return {
    accessPointId: names.accessPoint,
    rootDirectory: names.contentRoot,
    posixUid: 20001,
    posixGid: 20001,
    databaseHost: "127.0.0.1",
    databasePort: 3306,
    databaseName: names.databaseName,
    databaseUser: names.databaseUser,
    credentialsSecretRef: `local-secret:${instance.tenantId}/db`,
  };
}

function routingOutputs(instance: InstanceRef): RoutingOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return {
    targetGroupRef: names.targetGroup,
    listenerRuleRef: `rule-${instance.tenantId}`,
    hostname: `${instance.tenantId}.localhost`,
    url: `http://${instance.tenantId}.localhost/`,
  };
}

function computeOutputs(instance: InstanceRef, desiredCount: number): ComputeOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return { serviceRef: names.ecsService, taskDefinitionRef: `${names.taskDefinitionFamily}:1`, desiredCount };
}

function archiveOf(instance: InstanceRef): Archive {
  return { location: `file:///archive/${instance.instanceId}.tar.gz`, sha256: "c".repeat(64), sizeBytes: 1 };
}

function emptyInventory(): Inventory {
  return {
    live: { identity: new Map(), storage: new Map(), routing: new Map(), compute: new Map() },
    creations: { identity: new Map(), storage: new Map(), routing: new Map(), compute: new Map() },
  };
}

type InventoryJson = Record<"live" | "creations", Record<Service, [string, string | number][]>>;

export function loadInventory(file: string): Inventory {
  if (!existsSync(file)) return emptyInventory();
  const json = JSON.parse(readFileSync(file, "utf8")) as InventoryJson;
  const maps = <T>(entries: Record<Service, [string, unknown][]>) =>
    Object.fromEntries(Object.entries(entries).map(([service, list]) => [service, new Map(list)])) as Record<
      Service,
      Map<string, T>
    >;
  return { live: maps<string>(json.live), creations: maps<number>(json.creations) };
}

/** Write-then-rename, so a kill -9 leaves the old or the new inventory, never half of one. */
function saveInventory(file: string, inventory: Inventory): void {
  const lists = (maps: Record<Service, Map<string, unknown>>) =>
    Object.fromEntries(Object.entries(maps).map(([service, map]) => [service, [...map]]));
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify({ live: lists(inventory.live), creations: lists(inventory.creations) }),
  );
  renameSync(`${file}.tmp`, file);
}
