import { randomBytes } from "node:crypto";
import { chownSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { LocalSecrets } from "@bbws/local-cloud";
import { ComputeError } from "../../domain/errors.ts";
import type { RunAs } from "./phpServer.ts";

/** The storage credentials secret: JSON written by storage. */
export interface DatabaseCredentials {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

function parseCredentials(raw: string): DatabaseCredentials {
  const value = JSON.parse(raw) as Partial<Record<keyof DatabaseCredentials, unknown>>;
  const text = (field: unknown): field is string => typeof field === "string" && field.length > 0;
  const { host, port, database, user, password } = value;
  if (!text(host) || !text(database) || !text(user) || typeof password !== "string")
    throw new Error("host, database, user and password must be strings");
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error("port must be a TCP port");
  return { host, port, database, user, password };
}

export function readDatabaseCredentials(secrets: LocalSecrets, reference: string): DatabaseCredentials {
  let raw: string;
  try {
    raw = secrets.read(reference);
  } catch (error) {
    // Storage reported it ready; a missing secret may be a race with its write.
    throw new ComputeError("COMPUTE.SECRET_UNREADABLE", `cannot read ${reference}`, {
      retryable: true,
      cause: error,
    });
  }
  try {
    return parseCredentials(raw);
  } catch (error) {
    throw new ComputeError("COMPUTE.SECRET_INVALID", `${reference} is not database credentials JSON`, {
      retryable: false,
      cause: error,
    });
  }
}

const SALT_NAMES = [
  "AUTH_KEY",
  "SECURE_AUTH_KEY",
  "LOGGED_IN_KEY",
  "NONCE_KEY",
  "AUTH_SALT",
  "SECURE_AUTH_SALT",
  "LOGGED_IN_SALT",
  "NONCE_SALT",
] as const;

export function newSalts(): Record<string, string> {
  return Object.fromEntries(SALT_NAMES.map((name) => [name, randomBytes(48).toString("base64")]));
}

/** A PHP single-quoted literal: only `\` and `'` are special inside one. */
export function phpString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export interface TenantConfigInput {
  readonly tenantId: string;
  readonly database: DatabaseCredentials;
  /** The public URL (routing's), without a trailing slash in WP_HOME. */
  readonly url: string;
  readonly contentDir: string;
  readonly defaultTheme: string;
  readonly salts: Readonly<Record<string, string>>;
}

/** The tenant's wp-config, required by /etc/wordpress/config-default.php through WP_TENANT_CONFIG. */
export function renderTenantConfig(input: TenantConfigInput): string {
  const home = input.url.replace(/\/+$/, "");
  const constants: [string, string | boolean][] = [
    ["DB_NAME", input.database.database],
    ["DB_USER", input.database.user],
    ["DB_PASSWORD", input.database.password],
    ["DB_HOST", `${input.database.host}:${input.database.port}`],
    ["DB_CHARSET", "utf8mb4"],
    ["DB_COLLATE", ""],
    ["WP_HOME", home],
    ["WP_SITEURL", home],
    ["WP_CONTENT_DIR", input.contentDir],
    ["WP_DEFAULT_THEME", input.defaultTheme],
    ["FS_METHOD", "direct"],
    ["DISALLOW_FILE_EDIT", true],
    ["WP_ALLOW_MULTISITE", false],
    ["AUTOMATIC_UPDATER_DISABLED", true],
    ...Object.entries(input.salts),
  ];
  const lines = constants.map(
    ([name, value]) =>
      `define(${phpString(name)}, ${typeof value === "boolean" ? String(value) : phpString(value)});`,
  );
  return [
    "<?php",
    `// Written by @bbws/compute for tenant ${input.tenantId}; rewritten on every ensure. Do not edit.`,
    ...lines,
    "$table_prefix = 'wp_';",
    "",
  ].join("\n");
}

/**
 * Writes a file the tenant reads and nobody else may: 0600, owned by the
 * tenant uid (chown before the rename, so it never exists with the wrong owner).
 */
export function writeTenantFile(file: string, content: string, runAs: RunAs): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  if (runAs.switchUser) chownSync(temporary, runAs.uid, runAs.gid);
  renameSync(temporary, file);
}

export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
