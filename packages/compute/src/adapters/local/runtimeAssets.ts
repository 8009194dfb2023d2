import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What compute ships in the checkout (packages/compute/assets): read by this process only. */
export const SHIPPED_ASSETS = fileURLToPath(new URL("../../../assets", import.meta.url));

/** The PHP files and theme a tenant's PHP runs, in a copy of the shipped assets. */
export interface RuntimeAssets {
  readonly dir: string;
  readonly router: string;
  readonly install: string;
  readonly hostConfig: string;
  readonly theme: string;
}

export function runtimeAssetsIn(dir: string): RuntimeAssets {
  return {
    dir,
    router: join(dir, "router.php"),
    install: join(dir, "install.php"),
    hostConfig: join(dir, "config-default.php"),
    theme: join(dir, "theme/bbws"),
  };
}

/**
 * Copies the shipped assets to `assets.dir`, directories 0755 and files 0644,
 * owned by whoever runs compute. Tenant uids read them there, never in the
 * checkout, which may sit in a private home directory. Rewritten on every
 * start so an upgraded checkout takes effect: a file at a time by rename (a
 * running php -S never reads half a file), and what is no longer shipped goes.
 */
export function installRuntimeAssets(assets: RuntimeAssets, source: string = SHIPPED_ASSETS): void {
  syncDirectory(source, assets.dir);
}

function syncDirectory(source: string, target: string): void {
  if (kindOf(target) !== "directory") rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  chmodSync(target, 0o755);
  const shipped = new Set<string>();
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    shipped.add(entry.name);
    if (entry.isDirectory()) syncDirectory(join(source, entry.name), join(target, entry.name));
    else if (entry.isFile()) syncFile(join(source, entry.name), join(target, entry.name));
  }
  for (const name of readdirSync(target))
    if (!shipped.has(name)) rmSync(join(target, name), { recursive: true, force: true });
}

function syncFile(source: string, target: string): void {
  const wanted = readFileSync(source);
  const kind = kindOf(target);
  if (kind === "file" && readFileSync(target).equals(wanted)) {
    chmodSync(target, 0o644);
    return;
  }
  if (kind === "directory") rmSync(target, { recursive: true, force: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, wanted);
  // Explicitly: the umask may be 077, and tenants must read these.
  chmodSync(temporary, 0o644);
  renameSync(temporary, target);
}

function kindOf(path: string): "file" | "directory" | "other" | "missing" {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? "file" : stat.isDirectory() ? "directory" : "other";
  } catch {
    return "missing";
  }
}
