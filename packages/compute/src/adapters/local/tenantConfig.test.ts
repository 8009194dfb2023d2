import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalSecrets } from "@bbws/local-cloud";
import { afterAll, describe, expect, it } from "vitest";
import { newSalts, readDatabaseCredentials, renderTenantConfig } from "./tenantConfig.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-tenant-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("tenant config", () => {
  it("renders PHP that PHP reads back exactly, quotes and backslashes included", () => {
    const password = `it's a \\'trap\\' \\\\ ?>\n<?php echo 1;`;
    const config = renderTenantConfig({
      tenantId: "acme",
      database: { host: "127.0.0.1", port: 3306, database: "wp_acme", user: "wp_acme", password },
      url: "http://acme.localhost:8080/",
      contentDir: "/srv/efs/tenants/acme",
      defaultTheme: "bbws",
      salts: newSalts(),
    });
    const file = join(directory, "wp-config.php");
    writeFileSync(file, config);
    const read = execFileSync(
      "php",
      [
        "-r",
        "require $argv[1]; echo json_encode([DB_PASSWORD, DB_HOST, WP_HOME, DISALLOW_FILE_EDIT, FS_METHOD, strlen(NONCE_SALT) > 40]);",
        file,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(read)).toEqual([
      password,
      "127.0.0.1:3306",
      "http://acme.localhost:8080",
      true,
      "direct",
      true,
    ]);
  });

  it("reads the storage credentials secret, refusing what is not credentials", () => {
    const secrets = createLocalSecrets(join(directory, "secrets"));
    const good = secrets.put(
      "acme/db",
      JSON.stringify({ host: "h", port: 3306, database: "d", user: "u", password: "" }),
    );
    expect(readDatabaseCredentials(secrets, good)).toMatchObject({ host: "h", port: 3306 });
    const bad = secrets.put("acme/bad", JSON.stringify({ host: "h", port: "3306" }));
    expect(() => readDatabaseCredentials(secrets, bad)).toThrow(
      expect.objectContaining({ code: "COMPUTE.SECRET_INVALID", retryable: false }),
    );
    expect(() => readDatabaseCredentials(secrets, "local-secret:acme/none")).toThrow(
      expect.objectContaining({ code: "COMPUTE.SECRET_UNREADABLE", retryable: true }),
    );
  });
});
