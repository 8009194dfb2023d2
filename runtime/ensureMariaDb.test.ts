import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./dynamoLocal.ts";
import { ensureMariaDb } from "./ensureMariaDb.ts";

const dataDir = mkdtempSync(join(tmpdir(), "bbws-mariadb-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("ensureMariaDb", () => {
  it("uses the server already on 127.0.0.1:3306", async () => {
    const mariadb = await ensureMariaDb({ dataDir, log: () => {} });
    expect(mariadb).toMatchObject({ origin: "existing", port: 3306 });
  });

  it("starts a private server with its own data dir when asked, and stops it", async () => {
    const port = await freePort();
    const mariadb = await ensureMariaDb({ dataDir, port, useExisting: false, log: () => {} });
    expect(mariadb).toMatchObject({ origin: "private", port });
    const connection = await createConnection({ host: "127.0.0.1", port, user: "root", password: "" });
    const [rows] = await connection.query("SELECT 1 AS one");
    await connection.end();
    expect(rows).toEqual([{ one: 1 }]);
    await mariadb.stop();
    await expect(
      createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 500 }),
    ).rejects.toThrow();
  }, 30_000);
});
