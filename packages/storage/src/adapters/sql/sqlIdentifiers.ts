import { escapeId } from "mysql2/promise";
import { StorageError } from "../../domain/errors.ts";
import { DATABASE_IDENTIFIER_PATTERN } from "../../domain/storageNames.ts";

/** Account hosts come from configuration (`%` on RDS, `localhost`/`127.0.0.1` locally), never from a tenant. */
const HOST_PATTERN = /^[a-z0-9.%:-]{1,60}$/;

/** Refuses any database or user name we would not have made from a valid tenantId. */
export function assertTenantIdentifier(name: string): string {
  if (!DATABASE_IDENTIFIER_PATTERN.test(name))
    throw new StorageError(
      "STORAGE.INVALID_TENANT",
      `refusing SQL identifier ${JSON.stringify(name)}: not wp_ followed by a valid tenantId`,
      { retryable: false },
    );
  return name;
}

export function assertAccountHost(host: string): string {
  if (!HOST_PATTERN.test(host))
    throw new StorageError("STORAGE.DATABASE_FAILED", `refusing account host ${JSON.stringify(host)}`, {
      retryable: false,
    });
  return host;
}

/** One quoted identifier; `true` keeps a dot inside the name instead of splitting on it. */
export function quoteId(name: string): string {
  return escapeId(name, true);
}

/**
 * In GRANT, `_` and `%` in a database name are wildcards: `wp_acme` would also
 * match `wpXacme`. Escaping them grants exactly the tenant's own database.
 */
export function grantDatabasePattern(database: string): string {
  return quoteId(database.replace(/[_%]/g, (wildcard) => `\\${wildcard}`));
}
