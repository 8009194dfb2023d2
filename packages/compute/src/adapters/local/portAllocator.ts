import { createServer } from "node:net";

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Hands out loopback ports of the range that no tenant holds (`held`), no
 * allocation in flight holds, and nothing else listens on. A port is reserved
 * synchronously before the bind test, so two concurrent provisions never get
 * the same one; `release` frees the reservation once the registry holds it.
 */
export function createPortAllocator(range: PortRange) {
  const reserved = new Set<number>();
  return {
    async allocate(held: ReadonlySet<number>): Promise<number> {
      for (let port = range.from; port <= range.to; port++) {
        if (held.has(port) || reserved.has(port)) continue;
        reserved.add(port);
        if (await isFree(port)) return port;
        reserved.delete(port);
      }
      throw new Error(`no free port in ${range.from}-${range.to}`);
    },
    release(port: number): void {
      reserved.delete(port);
    },
  };
}

export type PortAllocator = ReturnType<typeof createPortAllocator>;

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
