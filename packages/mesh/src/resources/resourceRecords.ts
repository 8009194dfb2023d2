/**
 * What a service knows it may have created: written as `intended` BEFORE a
 * create call and completed as `created` (with the cloud's ids) AFTER it, so a
 * retry after a crash, compensation, deprovisioning and the orphan scan always
 * know what might exist, even when the create's answer was lost.
 */
export type ResourceState = "intended" | "created";

export interface ResourceRecord {
  /** Unique per resource, e.g. `identity/user-pool/acme-dev`. */
  readonly key: string;
  readonly service: string;
  readonly kind: string;
  readonly instanceId: string;
  readonly tenantId: string;
  readonly state: ResourceState;
  /** Cloud identifiers and facts needed to find or delete it (never secrets). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly updatedAt: string;
}

export interface ResourceRecords {
  get(key: string): Promise<ResourceRecord | null>;
  /** Insert or replace. */
  put(record: ResourceRecord): Promise<void>;
  /** Forget a resource once it is deleted. */
  remove(key: string): Promise<void>;
  listByInstance(instanceId: string): Promise<readonly ResourceRecord[]>;
  /** Everything, for the orphan scan. */
  list(): Promise<readonly ResourceRecord[]>;
}

export function createMemoryResourceRecords(): ResourceRecords {
  const records = new Map<string, ResourceRecord>();
  return {
    async get(key) {
      return records.get(key) ?? null;
    },
    async put(record) {
      records.set(record.key, { ...record });
    },
    async remove(key) {
      records.delete(key);
    },
    async listByInstance(instanceId) {
      return [...records.values()].filter((record) => record.instanceId === instanceId);
    },
    async list() {
      return [...records.values()];
    },
  };
}
