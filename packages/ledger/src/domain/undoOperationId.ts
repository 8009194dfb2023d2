import { createHash } from "node:crypto";

/**
 * The operation id an undo's request carries: derived from the failed operation's id (a
 * name-based UUID, version 5 layout), so deciding stays pure and a replay derives the same one.
 */
export function undoOperationId(operationId: string): string {
  const hex = createHash("sha1").update(`undo:${operationId}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
