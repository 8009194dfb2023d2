import type { SqsEventHandler } from "@bbws/mesh";
import { createLedgerSqsHandler } from "./createLedgerSqsHandler.ts";
import { ledgerFromEnvironment } from "./deps.ts";

let built: SqsEventHandler | undefined;

/**
 * The ledger consumer's Lambda entry point (SQS event source, partial batch responses):
 * every service outcome and TenantCreated. Built on the first invocation, kept after.
 */
export const handler: SqsEventHandler = (event, context) => {
  built ??= createLedgerSqsHandler(ledgerFromEnvironment("ledger"));
  return built(event, context);
};
