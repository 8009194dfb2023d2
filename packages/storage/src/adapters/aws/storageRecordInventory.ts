import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type Environment, InstanceIdSchema, type OwnedResource, TenantIdSchema } from "@bbws/contracts";
import type { ResourceRecords } from "@bbws/mesh";
import { StorageError } from "../../domain/errors.ts";
import type { UidRange } from "../local/localUidAllocator.ts";
import { STORAGE_RECORD_KIND } from "../provisionSteps.ts";
import type { AwsCall } from "./awsCalls.ts";
import { createDynamoUidAllocator } from "./dynamoUidAllocator.ts";

/** A tenant's storage record (with its uid claim), listed so a crash's leftover can be removed. */
export const STORAGE_RECORD_LISTED_KIND = "storage-record";

/** Storage's resource records and uid claims (the deployment's tables). */
export interface StorageBookkeeping {
  readonly records: ResourceRecords;
  /** The provider's uid claims: its `dynamo`, `uidTable` and `uidRange`. */
  readonly dynamo: DynamoDBClient;
  readonly uidTable: string;
  readonly uidRange: UidRange;
}

/**
 * The tenants' storage records: one a crash left still refuses the tenant's next instance
 * (`STORAGE.TENANT_IN_USE`), so the orphan scan lists it with its instance.
 */
export async function listStorageRecords(
  bookkeeping: StorageBookkeeping,
  environment: Environment,
): Promise<OwnedResource[]> {
  const records = await bookkeeping.records.list();
  return records
    .filter((record) => record.service === "storage" && record.kind === STORAGE_RECORD_KIND)
    .flatMap((record) => {
      const tenantId = TenantIdSchema.safeParse(record.tenantId);
      const instanceId = InstanceIdSchema.safeParse(record.instanceId);
      if (!tenantId.success || !instanceId.success) return [];
      return [
        {
          service: "storage" as const,
          kind: STORAGE_RECORD_LISTED_KIND,
          id: record.key,
          tenantId: tenantId.data,
          environment,
          instanceId: instanceId.data,
        },
      ];
    });
}

/** Removes the record and the tenant's uid claim, only while it still names the listed instance. */
export async function removeStorageRecord(
  bookkeeping: StorageBookkeeping,
  resource: OwnedResource,
  call: AwsCall,
): Promise<string[]> {
  const { records, dynamo, uidTable, uidRange } = bookkeeping;
  const uids = createDynamoUidAllocator({ client: dynamo, tableName: uidTable, range: uidRange, call });
  const record = await records.get(resource.id);
  if (!record) return [];
  if (record.kind !== STORAGE_RECORD_KIND || record.instanceId !== resource.instanceId)
    throw new StorageError(
      "STORAGE.TENANT_IN_USE",
      `${resource.id} now belongs to instance ${record.instanceId}; left in place`,
      { retryable: false },
    );
  const uid = record.attributes.uid ? Number(record.attributes.uid) : undefined;
  await uids.release(record.tenantId, uid);
  await records.remove(record.key);
  return [`uid-claim:${record.tenantId}`, `record:${record.key}`];
}
