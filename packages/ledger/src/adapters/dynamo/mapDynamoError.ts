import type { CancellationReason } from "@aws-sdk/client-dynamodb";
import {
  DuplicateEventError,
  LedgerError,
  LedgerUnavailableError,
  TenantSlotTakenError,
  VersionConflictError,
} from "../../domain/errors.ts";
import type { LedgerChange } from "../../ports.ts";
import type { ItemRole } from "./commitTransaction.ts";

/**
 * Names a failed commit from the CancellationReasons of TransactionCanceledException,
 * which come back one per item in request order ("None" for items that passed).
 * Several conditions can fail at once (a redelivered event after a later commit fails
 * both the version and the inbox); the version wins, as in the memory store, so the
 * caller reloads, decides again and then meets the duplicate.
 * TransactionConflict (another transaction on the same items), throttling and
 * anything else are LedgerUnavailableError: retry later.
 */
export function mapCommitError(
  error: unknown,
  roles: readonly ItemRole[],
  change: LedgerChange,
): LedgerError {
  if (error instanceof LedgerError) return error;
  const reasons = cancellationReasons(error);
  const failed = new Set(roles.filter((_role, index) => reasons?.[index]?.Code === "ConditionalCheckFailed"));
  const { record } = change;
  // slotFree only runs while this instance held the slot: a failure means a concurrent commit.
  if (failed.has("state") || failed.has("slotFree"))
    return new VersionConflictError(record.instanceId, { cause: error });
  if ((failed.has("inbox") || failed.has("incomingLog")) && change.inboxEventId)
    return new DuplicateEventError(change.inboxEventId, { cause: error });
  if (failed.has("slotClaim"))
    return new TenantSlotTakenError(record.tenantId, record.environment, { cause: error });
  return unavailable("commit", error);
}

export function unavailable(action: string, error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const reasons = cancellationReasons(error)
    ?.map((reason) => reason.Code ?? "None")
    .filter((code) => code !== "None");
  const detail = reasons?.length ? ` (${reasons.join(", ")})` : "";
  return new LedgerUnavailableError(`ledger ${action} failed: ${errorName(error)}${detail}`, {
    cause: error,
  });
}

/** Wraps SDK failures of a read or a write that has no business errors of its own. */
export async function guard<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailable(action, error);
  }
}

/** By name, not instanceof: a second copy of the SDK in node_modules would defeat instanceof. */
function cancellationReasons(error: unknown): readonly CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return undefined;
  const { CancellationReasons } = error as { CancellationReasons?: CancellationReason[] };
  return CancellationReasons;
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
