import { chmodSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { TENANT_ID_PATTERN } from "@bbws/contracts";
import type { LocalSecrets, LocalTargetGroups } from "@bbws/local-cloud";
import type { Logger } from "@bbws/mesh";
import { ComputeError } from "../../domain/errors.ts";
import { computeDirIn } from "./killLocalTenantGroups.ts";
import type { RunAs } from "./phpServer.ts";
import { createPortAllocator, type PortRange } from "./portAllocator.ts";
import { installRuntimeAssets, runtimeAssetsIn } from "./runtimeAssets.ts";
import { createKeyedLock, createTenantRegistry, type TenantEntry } from "./tenantRegistry.ts";
import { untraversableAncestor } from "./untraversableAncestor.ts";
import { installHostConfig } from "./wordpressHost.ts";

export interface LocalComputeOptions {
  /**
   * compute keeps `<dataDir>/compute/`: the registry, the PHP files tenants run (`php-assets/`), and
   * per tenant its config and log. As root, tenant uids must be able to reach it.
   */
  readonly dataDir: string;
  /** Where storage's content directories live: the tenant's is `<efsRoot><rootDirectory>`. */
  readonly efsRoot: string;
  readonly secrets: LocalSecrets;
  readonly targetGroups: LocalTargetGroups;
  /** Loopback ports handed to the tenants' php -S servers. */
  readonly portRange: PortRange;
  readonly logger: Logger;
  readonly php?: string;
  readonly wordpressDir?: string;
  /** Debian's host config directory (`/etc/wordpress`). */
  readonly etcDir?: string;
  /** PHP_CLI_SERVER_WORKERS per task of desiredCount (default 2). */
  readonly workersPerTask?: number;
  readonly stopGraceMs?: number;
  readonly startTimeoutMs?: number;
  readonly installTimeoutMs?: number;
  readonly probeTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type LocalComputeContext = ReturnType<typeof createLocalComputeContext>;

export function createLocalComputeContext(options: LocalComputeOptions) {
  const computeDir = computeDirIn(options.dataDir);
  const switchUser = process.getuid?.() === 0;
  const settings = {
    php: options.php ?? "/usr/bin/php",
    wordpressDir: options.wordpressDir ?? "/usr/share/wordpress",
    etcDir: options.etcDir ?? "/etc/wordpress",
    workersPerTask: options.workersPerTask ?? 2,
    stopGraceMs: options.stopGraceMs ?? 3_000,
    startTimeoutMs: options.startTimeoutMs ?? 10_000,
    installTimeoutMs: options.installTimeoutMs ?? 60_000,
    probeTimeoutMs: options.probeTimeoutMs ?? 10_000,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  mkdirSync(computeDir, { recursive: true });
  let prepared = false;
  const paths = {
    computeDir,
    tenantDir: (tenantId: string) => join(computeDir, tenantId),
    configFile: (tenantId: string) => join(computeDir, tenantId, "wp-config.php"),
    logFile: (tenantId: string) => join(computeDir, tenantId, "php.log"),
    /** A copy of packages/compute/assets (tenant uids never read the checkout); no tenantId has a "-". */
    assets: runtimeAssetsIn(join(computeDir, "php-assets")),
  };

  return {
    ...options,
    ...settings,
    paths,
    switchUser,
    registry: createTenantRegistry(join(computeDir, "registry.json")),
    ports: createPortAllocator(options.portRange),
    lock: createKeyedLock(),
    /** Set by stopAll: nothing new starts while the stack shuts down. */
    gate: { stopping: false },
    runAs(entry: TenantEntry): RunAs {
      if (switchUser) return { uid: entry.uid, gid: entry.gid, switchUser };
      return { uid: process.getuid?.() ?? entry.uid, gid: process.getgid?.() ?? entry.gid, switchUser };
    },
    /**
     * Once per provider: the PHP files tenants run, the host config, and
     * directories every tenant uid can traverse but not list.
     */
    prepareHost(): void {
      if (prepared) return;
      if (!switchUser)
        options.logger.warn(
          "compute is not root: every tenant's PHP runs as this user, file isolation is OFF",
        );
      if (switchUser) requireTraversable(dirname(computeDir));
      installRuntimeAssets(paths.assets);
      installHostConfig({ etcDir: settings.etcDir, assets: paths.assets, logger: options.logger });
      chmodSync(computeDir, 0o711);
      prepared = true;
    },
    tenantDirFor(tenantId: string): string {
      const directory = paths.tenantDir(tenantId);
      mkdirSync(directory, { recursive: true, mode: 0o711 });
      chmodSync(directory, 0o711);
      return directory;
    },
  };
}

/** Tenant uids read their config and the PHP files under the data dir: they must get there. */
function requireTraversable(directory: string): void {
  const blocked = untraversableAncestor(directory);
  if (blocked === undefined) return;
  // Never advise opening the blocking directory (often a home directory) to everyone.
  throw new ComputeError(
    "COMPUTE.DATA_DIR_NOT_TRAVERSABLE",
    `tenant users cannot reach the data dir ${directory}: ${blocked} is closed to other users; ` +
      "choose a data dir outside private directories (for example under /var/lib)",
    { retryable: false },
  );
}

/** The tenantId names directories: refuse anything the contracts would (no path tricks). */
export function checkedTenantId(tenantId: string): string {
  if (!TENANT_ID_PATTERN.test(tenantId))
    throw new ComputeError("COMPUTE.INVALID_TENANT", `invalid tenantId ${JSON.stringify(tenantId)}`, {
      retryable: false,
    });
  return tenantId;
}
