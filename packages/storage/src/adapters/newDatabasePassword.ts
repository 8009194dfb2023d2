import { randomBytes } from "node:crypto";

/** 32 characters of base64url from 24 random bytes (192 bits): no quoting trouble in a DSN or a shell. */
export function newDatabasePassword(): string {
  return randomBytes(24).toString("base64url");
}
