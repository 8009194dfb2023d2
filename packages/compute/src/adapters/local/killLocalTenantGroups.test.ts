import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killLocalTenantGroups } from "./killLocalTenantGroups.ts";
import { startBarePhp } from "./localTestProcesses.ts";
import { groupMembers, killGroupNow } from "./processGroups.ts";

const ours = mkdtempSync(join(tmpdir(), "bbws-kill-ours-"));
const theirs = mkdtempSync(join(tmpdir(), "bbws-kill-theirs-"));
const started: number[] = [];

afterAll(() => {
  for (const pgid of started) killGroupNow(pgid);
  rmSync(ours, { recursive: true, force: true });
  rmSync(theirs, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** A php -S group (master and workers) serving `dataDir`'s config for `tenantId`, as compute starts one. */
async function tenantGroup(dataDir: string, tenantId: string): Promise<number> {
  const pgid = await startBarePhp(await freePort(), {
    WP_TENANT_CONFIG: join(dataDir, "compute", tenantId, "wp-config.php"),
    PHP_CLI_SERVER_WORKERS: "2",
  });
  started.push(pgid);
  return pgid;
}

describe("killLocalTenantGroups", () => {
  it("SIGKILLs every php group of the stack's data dir at once, and no other", async () => {
    const alpha = await tenantGroup(ours, "alpha");
    const bravo = await tenantGroup(ours, "bravo");
    const stranger = await tenantGroup(theirs, "alpha");
    expect(groupMembers(alpha).length).toBeGreaterThan(1);

    expect(killLocalTenantGroups(ours).sort()).toEqual([alpha, bravo].sort());

    // SIGKILL is delivered before kill() returns; the kernel may take a moment to reap the group.
    for (
      let attempt = 0;
      attempt < 200 && groupMembers(alpha).length + groupMembers(bravo).length > 0;
      attempt++
    )
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect([...groupMembers(alpha), ...groupMembers(bravo)]).toEqual([]);
    expect(groupMembers(stranger).length).toBeGreaterThan(0);
    expect(killLocalTenantGroups(ours)).toEqual([]);
  });
});
