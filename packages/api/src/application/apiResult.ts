import type { CommandResult, InstanceSpec, SpecDefaults } from "@bbws/contracts";
import type { Caller } from "../domain/authorize.ts";
import { ApiError } from "../domain/errors.ts";
import { operationLinks, operationPath } from "../domain/links.ts";
import type {
  DeadLetters,
  EventReplays,
  InstanceCommands,
  InstanceHealthChecks,
  InstanceLogs,
  InstanceMetrics,
  InstanceQueries,
  OrphanOperations,
} from "../ports.ts";
import type { ListPageCache } from "./listPageCache.ts";
import type { ViewJsonCache } from "./viewJsonCache.ts";

/** What a route answers before it becomes an HTTP response. */
export interface ApiResult {
  readonly status: number;
  /** Serialised by `jsonResponse`, or already (`SerialisedJson`). */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Platform defaults for provisioning: the contracts' SpecDefaults plus how to name an image. */
export interface ProvisionDefaults extends SpecDefaults {
  /** The image for a requested WordPress version; `{version}` is replaced, e.g. `wordpress:{version}-php8.2-apache`. */
  readonly imageTemplate: string;
}

export interface UseCaseDeps {
  readonly commands: InstanceCommands;
  readonly queries: InstanceQueries;
  readonly defaults: ProvisionDefaults;
  readonly logs?: InstanceLogs;
  readonly metrics?: InstanceMetrics;
  readonly replays?: EventReplays;
  readonly deadLetters?: DeadLetters;
  readonly orphans?: OrphanOperations;
  readonly health?: InstanceHealthChecks;
  /** Epoch ms. */
  readonly clock: () => number;
  /** The JSON of unchanged instance views, made once (one per handler). */
  readonly viewJson: ViewJsonCache;
  /** List pages answered since the store's last write (one per handler; none without a write count). */
  readonly listPages: ListPageCache;
}

/** Who asks, where, and the idempotency scope the command ids are derived from. */
export interface CommandContext {
  readonly caller: Caller;
  readonly tenantScope?: string;
  readonly idempotencyScope: string;
  readonly correlationId: string;
}

/** The WordPress of a request: a version (and maybe an image), or the platform default. */
export function wordpressOf(
  request: { wordpressVersion?: string; image?: string },
  defaults: ProvisionDefaults,
): InstanceSpec["wordpress"] {
  if (request.wordpressVersion === undefined) return defaults.wordpress;
  return {
    version: request.wordpressVersion,
    image: request.image ?? defaults.imageTemplate.replaceAll("{version}", request.wordpressVersion),
  };
}

/** 202 with the operation and its Location, or the ledger's rejection as a problem (409, 404). */
export function acceptedOrProblem(
  result: CommandResult,
  tenantScope: string | undefined,
  extra: Readonly<Record<string, unknown>> = {},
): ApiResult {
  if (result.outcome === "rejected") {
    const { rejection } = result;
    throw new ApiError(rejection.code, rejection.message, {
      extras: {
        allowedOperations: rejection.allowed,
        ...(rejection.instanceId ? { instanceId: rejection.instanceId } : {}),
      },
    });
  }
  const { operation } = result;
  return {
    status: 202,
    headers: { location: operationPath(operation.operationId) },
    body: { ...operation, ...extra, _links: operationLinks(operation, tenantScope) },
  };
}
