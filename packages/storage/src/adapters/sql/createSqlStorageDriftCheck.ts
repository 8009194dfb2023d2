import type { ResourceDriftCheck } from "@bbws/contracts";
import type { RowDataPacket } from "mysql2/promise";
import { DRIFT_KIND } from "../../domain/driftKinds.ts";
import { toDatabaseError } from "./sqlErrors.ts";
import { assertTenantIdentifier } from "./sqlIdentifiers.ts";
import type { SqlPool } from "./sqlPool.ts";

/**
 * Storage's database share of the drift part, on RDS or MariaDB (the catalog the orphan scan's
 * inventory reads, tenantSchemaInventory.ts): the recorded database exists (information_schema)
 * and the recorded user exists on some host (mysql.user: the RDS master user and root may read
 * it). The credentials rotation keeps the recorded user (it alternates to `_alt` and back and
 * only revokes the other's password), so the recorded name stays the one to look for. An error
 * of the server rejects (the part's error, not drift). mysql2 cannot cancel a query: the abort
 * signal is the caller's to race.
 */
export function createSqlStorageDriftCheck(pool: SqlPool): ResourceDriftCheck {
  async function count(doing: string, sql: string, name: string): Promise<number> {
    try {
      const [rows] = await pool.query<RowDataPacket[]>(sql, [assertTenantIdentifier(name)]);
      return rows.length;
    } catch (error) {
      throw toDatabaseError(error, doing);
    }
  }
  return {
    kinds: [DRIFT_KIND.database, DRIFT_KIND.databaseUser],
    async missing(target) {
      const storage = target.outputs.storage;
      if (!storage) return [];
      const [databases, users] = await Promise.all([
        count(
          "look up the database",
          "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
          storage.databaseName,
        ),
        count(
          "look up the database user",
          "SELECT User FROM mysql.user WHERE User = ?",
          storage.databaseUser,
        ),
      ]);
      return [
        ...(databases > 0 ? [] : [DRIFT_KIND.database]),
        ...(users > 0 ? [] : [DRIFT_KIND.databaseUser]),
      ];
    },
  };
}
