import type { Pool } from "mysql2/promise";

/** The slice of a mysql2 pool the storage adapters use: small enough to fake in a test. */
export type SqlPool = Pick<Pool, "query" | "getConnection">;
