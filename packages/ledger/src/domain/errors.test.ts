import { describe, expect, it } from "vitest";
import {
  DuplicateEventError,
  InvalidCursorError,
  LedgerError,
  LedgerUnavailableError,
  TenantSlotTakenError,
  VersionConflictError,
} from "./errors.ts";

describe("the ledger's errors", () => {
  const cause = new Error("from the store");

  // Built inside the test: vitest then attributes the constructors' code to it.
  it.each([
    [
      () => new VersionConflictError("i-1", { cause }),
      "VersionConflictError",
      "LEDGER.VERSION_CONFLICT",
      "instance i-1 changed concurrently",
    ],
    [
      () => new DuplicateEventError("e-1", { cause }),
      "DuplicateEventError",
      "LEDGER.DUPLICATE_EVENT",
      "event e-1 was already processed",
    ],
    [
      () => new TenantSlotTakenError("acme", "dev", { cause }),
      "TenantSlotTakenError",
      "LEDGER.INSTANCE_EXISTS",
      "tenant acme already has an instance in dev",
    ],
    [
      () => new LedgerUnavailableError("throttled", { cause }),
      "LedgerUnavailableError",
      "LEDGER.UNAVAILABLE",
      "throttled",
    ],
    [
      () => new InvalidCursorError("truncated", { cause }),
      "InvalidCursorError",
      "LEDGER.INVALID_CURSOR",
      "invalid page cursor: truncated",
    ],
  ])("given %s, then it carries its name, code, message and cause", (create, name, code, message) => {
    const error = create();
    expect(error).toBeInstanceOf(LedgerError);
    expect({ name: error.name, code: error.code, message: error.message, cause: error.cause }).toEqual({
      name,
      code,
      message,
      cause,
    });
  });
});
