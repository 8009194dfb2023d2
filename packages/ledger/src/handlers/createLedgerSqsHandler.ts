import { createSqsEventHandler, type Logger } from "@bbws/mesh";
import type { LedgerService } from "../application/createLedgerService.ts";

/** The ledger's queue consumer: every service outcome and TenantCreated. */
export function createLedgerSqsHandler(deps: { service: LedgerService; logger: Logger }) {
  return createSqsEventHandler({
    consumer: "ledger",
    handle: (event) => deps.service.handleEvent(event),
    logger: deps.logger,
  });
}
