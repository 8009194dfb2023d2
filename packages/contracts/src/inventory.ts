import { z } from "zod";
import { EnvironmentSchema, InstanceIdSchema, ServiceSchema, TenantIdSchema } from "./identifiers.ts";

/**
 * One resource that exists now and is ours, as a service's inventory lists it for the
 * orphan scan (HLD §5.4): found by tag on AWS, by name or record locally.
 */
export const OwnedResourceSchema = z.object({
  service: ServiceSchema,
  /** What it is, e.g. `database`, `database-user`, `content-dir`, `secret`, `process`, `route`, `user-pool`. */
  kind: z.string().min(1),
  /** The cloud id (an ARN) or the local name; unique within service and kind. */
  id: z.string().min(1),
  tenantId: TenantIdSchema,
  environment: EnvironmentSchema.optional(),
  /** Known when a tag or a resource record names the instance. */
  instanceId: InstanceIdSchema.optional(),
});
export type OwnedResource = z.infer<typeof OwnedResourceSchema>;

export const OrphanSchema = OwnedResourceSchema.extend({
  /** Why it is an orphan: no instance, or the instance is DEPROVISIONED or FAILED. */
  reason: z.string().min(1),
});
export type Orphan = z.infer<typeof OrphanSchema>;

/** What one service has in the cloud (or on this machine), and how to delete one of them. */
export interface ResourceInventory {
  readonly service: z.infer<typeof ServiceSchema>;
  /** Every resource of this service that exists now and is ours. */
  list(): Promise<OwnedResource[]>;
  /** Deletes one listed resource; idempotent (gone already is fine). Returns what it deleted. */
  remove(resource: OwnedResource): Promise<string[]>;
}
