import type { CleanupRecord, CleanupRecords } from "@bbws/contracts";

/** Cleanup records of the local stack: they last as long as its process, as the cleanup does. */
export function createMemoryCleanupRecords(): CleanupRecords {
  const records = new Map<string, CleanupRecord>();
  return {
    put: async (record) => {
      records.set(record.cleanupId, structuredClone(record));
    },
    get: async (cleanupId) => {
      const record = records.get(cleanupId);
      return record ? structuredClone(record) : undefined;
    },
  };
}
