import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The outermost directory on the way to `path` (itself included) that other
 * users cannot pass through (no o+x), or undefined when a tenant's uid can
 * reach it. Tenant uids run with their own group and no supplementary groups,
 * so only the "others" bits count. Parts that do not exist yet are skipped
 * (the stack creates them); symbolic links are followed to where they lead.
 */
export function untraversableAncestor(path: string): string | undefined {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let blocked: string | undefined;
  for (let current = realpathSync(existing); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) blocked = current;
    if (dirname(current) === current) return blocked;
  }
}
