import { chmodSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Creates the data dir when missing, traversable by tenant uids whatever the
 * umask (they pass through it to their config and content): the data dir 0711
 * (nobody else lists it), directories created on the way 0755. An existing
 * directory keeps its mode: it may be shared (say /tmp) or not ours to change.
 */
export function createDataDir(dataDir: string): void {
  const first = mkdirSync(dataDir, { recursive: true });
  if (first === undefined) return;
  for (let directory = dataDir; ; directory = dirname(directory)) {
    chmodSync(directory, directory === dataDir ? 0o711 : 0o755);
    if (directory === first || dirname(directory) === directory) return;
  }
}
