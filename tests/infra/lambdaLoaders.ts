import type { FunctionId } from "../../infra/functions.ts";
import { loadApiConfig } from "../../infra/lambdas/apiDeps.ts";
import { loadHealthConfig, loadHealthSweepConfig } from "../../infra/lambdas/healthDeps.ts";
import { loadOrphanScanConfig } from "../../infra/lambdas/orphanScanDeps.ts";
import { loadComputeConfig } from "../../packages/compute/src/handlers/deps.ts";
import { loadIdentityConfig } from "../../packages/identity/src/handlers/deps.ts";
import { loadLedgerConfig } from "../../packages/ledger/src/handlers/deps.ts";
import { loadRelayConfig } from "../../packages/ledger/src/handlers/depsRelay.ts";
import { loadRoutingConfig } from "../../packages/routing/src/handlers/deps.ts";
import { loadStorageConfig } from "../../packages/storage/src/handlers/deps.ts";
import { loadStorageDriftConfig } from "../../packages/storage/src/handlers/driftDeps.ts";

/** Entry points outside tsconfig.json's include are type-checked through this import. */
export type { handler as ApiLambdaHandler } from "../../infra/lambdas/api.ts";
export type { handler as EcsEventsLambdaHandler } from "../../infra/lambdas/ecsEvents.ts";
export type { handler as HealthSweepLambdaHandler } from "../../infra/lambdas/healthSweep.ts";
export type { handler as OrphanScanLambdaHandler } from "../../infra/lambdas/orphanScan.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** Each function's configuration loader: what its composition root reads from process.env. */
export const LAMBDA_LOADERS: Readonly<Record<FunctionId, (env: Env) => unknown>> = {
  identity: loadIdentityConfig,
  storage: loadStorageConfig,
  routing: loadRoutingConfig,
  compute: loadComputeConfig,
  ledger: loadLedgerConfig,
  stuckSweeper: loadLedgerConfig,
  credentialRotation: loadLedgerConfig,
  outboxRelay: loadRelayConfig,
  orphanScan: loadOrphanScanConfig,
  api: loadApiConfig,
  ecsEvents: loadHealthConfig,
  healthSweep: loadHealthSweepConfig,
  storageDrift: loadStorageDriftConfig,
};
