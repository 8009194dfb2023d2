import { StorageError } from "../domain/errors.ts";
import type { DatabaseCredentials } from "./storageParts.ts";

/** The secret's JSON: host, port, database, user, password (what WordPress needs to connect). */
export function encodeCredentials(credentials: DatabaseCredentials): string {
  const { host, port, database, user, password } = credentials;
  return JSON.stringify({ host, port, database, user, password });
}

export function decodeCredentials(text: string, where: string): DatabaseCredentials {
  try {
    const value = JSON.parse(text) as Partial<DatabaseCredentials>;
    if (
      typeof value.host === "string" &&
      typeof value.port === "number" &&
      typeof value.database === "string" &&
      typeof value.user === "string" &&
      typeof value.password === "string" &&
      value.password.length > 0
    )
      return value as DatabaseCredentials;
  } catch {
    // reported below, without echoing a secret's text
  }
  throw new StorageError(
    "STORAGE.SECRET_FAILED",
    `the credentials in ${where} are not valid JSON credentials`,
    {
      retryable: false,
    },
  );
}
