import type { LedgerChange } from "../ports.ts";

/**
 * Whether a commit must (re)write the operation record that `getOperation` reads.
 * By induction it need not when the operation equals the one of `previous`: the commit
 * that stored `previous` wrote (or kept) exactly that operation, and the version condition
 * makes sure `previous` is still what is stored. Equal JSON is equal content; a
 * difference in key order only costs a write, it never skips one that was needed.
 */
export function writesOperation(change: LedgerChange): boolean {
  const before = change.previous?.operation;
  const after = change.record.operation;
  return before !== after && JSON.stringify(before) !== JSON.stringify(after);
}
