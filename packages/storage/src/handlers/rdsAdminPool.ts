import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPool, type Pool } from "mysql2/promise";
import { z } from "zod";
import type { SqlPool } from "../adapters/sql/sqlPool.ts";
import { StorageError } from "../domain/errors.ts";

/** RDS's master secret, as RDS (or an operator) stores it. */
const MasterSecretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

export interface RdsAdminPoolOptions {
  readonly secretsManager: SecretsManagerClient;
  readonly masterSecretArn: string;
  readonly host: string;
  readonly port: number;
  /** Default 2: one for a dump's snapshot transaction, one for everything else. */
  readonly connectionLimit?: number;
}

/** Reads the master secret and opens a TLS pool on RDS. */
export async function openRdsAdminPool(options: RdsAdminPoolOptions): Promise<Pool> {
  const answer = await options.secretsManager.send(
    new GetSecretValueCommand({ SecretId: options.masterSecretArn }),
  );
  const master = MasterSecretSchema.safeParse(JSON.parse(answer.SecretString ?? "{}"));
  if (!master.success)
    throw new StorageError("STORAGE.SECRET_FAILED", "the RDS master secret holds no username/password", {
      retryable: false,
    });
  return createPool({
    host: options.host,
    port: options.port,
    user: master.data.username,
    password: master.data.password,
    ssl: "Amazon RDS",
    connectionLimit: options.connectionLimit ?? 2,
  });
}

/**
 * The same pool for code that wants one synchronously (the orphan scan's inventory): it
 * opens on first use; a failed open is not kept, so the next call tries again.
 */
export function createRdsAdminPool(options: RdsAdminPoolOptions): SqlPool {
  let opening: Promise<Pool> | undefined;
  const pool = () => {
    opening ??= openRdsAdminPool(options).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    query: (async (...args: Parameters<Pool["query"]>) => (await pool()).query(...args)) as Pool["query"],
    getConnection: async () => (await pool()).getConnection(),
  };
}
