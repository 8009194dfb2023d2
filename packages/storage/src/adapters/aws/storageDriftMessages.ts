import { EnvironmentSchema, InstanceIdSchema, StorageOutputsSchema, TenantIdSchema } from "@bbws/contracts";
import { z } from "zod";

/**
 * What the API and the sweep ask the storage drift function (infra: `storageDrift`, inside the
 * VPC), and what it answers: the instance and the storage outputs the ledger recorded for it;
 * the missing ones among `storage:database`, `storage:database-user`, `storage:access-point`,
 * `storage:secret`.
 */
export const StorageDriftRequestSchema = z.object({
  instanceId: InstanceIdSchema,
  tenantId: TenantIdSchema,
  environment: EnvironmentSchema,
  storage: StorageOutputsSchema,
});
export type StorageDriftRequest = z.infer<typeof StorageDriftRequestSchema>;

export const StorageDriftAnswerSchema = z.object({
  missing: z.array(z.string().regex(/^storage:[a-z-]+$/)),
});
export type StorageDriftAnswer = z.infer<typeof StorageDriftAnswerSchema>;
