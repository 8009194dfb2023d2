import type { LedgerCommands, LedgerQueries } from "@bbws/contracts";
import {
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
} from "../adapters/ledger/createLedgerInstanceQueries.ts";
import type { LocalIssuer } from "../adapters/local/createLocalIssuer.ts";
import { createLocalTokenVerifier } from "../adapters/local/createLocalTokenVerifier.ts";
import { createMemoryIdempotencyStore } from "../adapters/memory/createMemoryIdempotencyStore.ts";
import { type ApiDeps, type ApiHandler, createApiHandler } from "./createApiHandler.ts";

export type LocalApiDeps = Omit<ApiDeps, "commands" | "queries" | "idempotency" | "auth"> & {
  /** The ledger's service and store, in this process. */
  readonly ledger: LedgerCommands;
  readonly store: LedgerQueries;
  /** Whose tokens the API accepts. */
  readonly issuer: LocalIssuer;
};

/**
 * The API over a ledger in the same process, with a memory idempotency store and the local
 * issuer's tokens: what the local runtime, the recovery drill and the API bench serve.
 */
export function createLocalApiHandler(deps: LocalApiDeps): ApiHandler {
  const { ledger, store, issuer, ...rest } = deps;
  return createApiHandler({
    ...rest,
    commands: createLedgerInstanceCommands(ledger),
    queries: createLedgerInstanceQueries(store),
    idempotency: createMemoryIdempotencyStore(),
    auth: { mode: "verify", verifier: createLocalTokenVerifier(issuer) },
  });
}
