import { createConnection } from "mysql2/promise";
import { StorageError } from "../../domain/errors.ts";
import type { DatabaseCredentials } from "../storageParts.ts";
import { toDatabaseError } from "./sqlErrors.ts";

/** Refusals that mean the credentials are wrong, not that the server is away. */
const REFUSED = new Set(["ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR", "ER_BAD_DB_ERROR"]);

/**
 * Logs in as the tenant's user, as WordPress would, and reads its database: the testSecret step
 * of a rotation. `ssl` is RDS's ("Amazon RDS") on AWS, none locally.
 */
export async function testTenantLogin(credentials: DatabaseCredentials, ssl?: string): Promise<void> {
  const { host, port, user, password, database } = credentials;
  let connection: Awaited<ReturnType<typeof createConnection>> | undefined;
  try {
    connection = await createConnection({ host, port, user, password, database, ...(ssl ? { ssl } : {}) });
    await connection.query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && REFUSED.has(code))
      throw new StorageError(
        "STORAGE.CREDENTIALS_INVALID",
        `the new credentials of ${user} do not log in to ${database}: ${code}`,
        { retryable: false, cause: error },
      );
    throw toDatabaseError(error, `log in as ${user}`);
  } finally {
    await connection?.end().catch(() => undefined);
  }
}
