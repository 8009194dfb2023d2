import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileInstanceLogs } from "./createFileInstanceLogs.ts";

const instance = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
} as const;

async function logsWith(text: string) {
  const dir = await mkdtemp(join(tmpdir(), "bbws-logs-"));
  await writeFile(join(dir, "acme-dev.log"), text);
  return createFileInstanceLogs({
    pathOf: (address) => join(dir, `${address.tenantId}-${address.environment}.log`),
  });
}

const TEXT = [
  "2026-11-22T10:00:00Z GET / 200",
  "2026-11-22T10:00:01.500Z PHP Fatal error: boom",
  "#0 /usr/share/wordpress/index.php(17)",
  "2026-11-22T10:00:02+00:00 GET /wp-login.php 200",
  "",
].join("\n");

describe("createFileInstanceLogs", () => {
  it("reads timestamped events, keeping continuation lines with their event", async () => {
    const page = await (await logsWith(TEXT)).read({ instance, limit: 10 });
    expect(page).toEqual({
      items: [
        { timestamp: "2026-11-22T10:00:00.000Z", message: "GET / 200" },
        {
          timestamp: "2026-11-22T10:00:01.500Z",
          message: "PHP Fatal error: boom\n#0 /usr/share/wordpress/index.php(17)",
        },
        { timestamp: "2026-11-22T10:00:02.000Z", message: "GET /wp-login.php 200" },
      ],
    });
  });

  it("filters by time and pages with nextToken", async () => {
    const logs = await logsWith(TEXT);
    const first = await logs.read({ instance, limit: 1, startTime: Date.parse("2026-11-22T10:00:01Z") });
    expect(first).toEqual({
      items: [expect.objectContaining({ message: expect.stringContaining("boom") })],
      nextToken: "1",
    });
    const second = await logs.read({
      instance,
      limit: 1,
      startTime: Date.parse("2026-11-22T10:00:01Z"),
      nextToken: "1",
    });
    expect(second).toEqual({ items: [expect.objectContaining({ message: "GET /wp-login.php 200" })] });
  });

  it("answers an empty page before the file exists, and refuses a foreign nextToken", async () => {
    const logs = createFileInstanceLogs({ pathOf: () => join(tmpdir(), `missing-${Date.now()}.log`) });
    expect(await logs.read({ instance, limit: 10 })).toEqual({ items: [] });
    await expect(logs.read({ instance, limit: 10, nextToken: "abc" })).rejects.toMatchObject({
      code: "API.INVALID_CURSOR",
    });
  });
});
