import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstanceRef } from "@bbws/contracts";
import { createFileResourceRecords, createLocalSecrets } from "@bbws/local-cloud";
import type { Pool } from "mysql2/promise";
import { composeStorageProvider } from "../adapters/composeStorageProvider.ts";
import { createLocalStorageParts } from "../adapters/local/createLocalStorageProvider.ts";
import type { SqlPool } from "../adapters/sql/sqlPool.ts";
import type { StorageParts } from "../adapters/storageParts.ts";
import { createAdminPool, dropTenants, MARIADB, uniqueTenantId } from "./mariadb.ts";
import { storageFlowOf } from "./storageFlow.ts";

/**
 * Local providers on the real MariaDB, each on its own temporary data dir.
 * `stop` drops every tenant handed out, so a failed test leaves no database or user.
 */
export function createLocalStorageFixture() {
  let pool: Pool | undefined;
  const dataDirs: string[] = [];
  const tenants: string[] = [];
  const admin = () => {
    if (!pool) throw new Error("call start() first");
    return pool;
  };

  return {
    admin,
    start() {
      pool = createAdminPool();
    },
    async stop() {
      await dropTenants(admin(), tenants);
      await admin().end();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
    /** `wrap` replaces parts (a failing database, records that crash) before the provider is built. */
    setup(
      options: { pool?: SqlPool; fileIsolation?: boolean; wrap?: (parts: StorageParts) => StorageParts } = {},
    ) {
      const dataDir = mkdtempSync(join(tmpdir(), "bbws-storage-"));
      dataDirs.push(dataDir);
      const secrets = createLocalSecrets(join(dataDir, "secrets"));
      const records = createFileResourceRecords(join(dataDir, "records"));
      const parts = createLocalStorageParts({
        pool: options.pool ?? admin(),
        databaseHost: MARIADB.host,
        databasePort: MARIADB.port,
        dataDir,
        secrets,
        records,
        uidRange: { first: 40_000, last: 49_999 },
        ...(options.fileIsolation === undefined ? {} : { fileIsolation: options.fileIsolation }),
      });
      const provider = storageFlowOf(composeStorageProvider(options.wrap ? options.wrap(parts) : parts));
      return { provider, dataDir, secrets, records };
    },
    newInstance(): InstanceRef {
      const tenantId = uniqueTenantId();
      tenants.push(tenantId);
      return { instanceId: randomUUID(), tenantId, environment: "dev" };
    },
  };
}
