import { execFileSync, spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { isFree } from "./portAllocator.ts";

// Test helpers around real processes: what runs, and processes compute did not start.

/** `pgrep -f 'php -S'`, kept to the ports of `range`. */
export function phpServersIn(range: { from: number; to: number }): string[] {
  let lines: string[];
  try {
    lines = execFileSync("pgrep", ["-af", "php -S"], { encoding: "utf8" }).split("\n");
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return lines.filter((line) => {
    const port = Number(/-S 127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
    return port >= range.from && port <= range.to;
  });
}

/** Holds a loopback port, as another program would. */
export function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port }, () => resolve(server));
  });
}

/** A php -S on Debian's WordPress that compute did not start (no WP_TENANT_CONFIG, or an orphan's). */
export async function startBarePhp(port: number, env: Record<string, string> = {}): Promise<number> {
  const router = new URL("../../../assets/router.php", import.meta.url).pathname;
  const child = spawn("php", ["-S", `127.0.0.1:${port}`, "-t", "/usr/share/wordpress", router], {
    detached: true,
    stdio: "ignore",
    env: { PATH: "/usr/bin:/bin", ...env },
  });
  child.unref();
  for (let attempt = 0; attempt < 100 && (await isFree(port)); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return child.pid!;
}
