/** PutEvents accepts entries up to 256 KB. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * AWS's published size of a PutEvents entry: the UTF-8 bytes of Source,
 * DetailType, Detail and each Resource, plus 14 bytes when Time is set
 * (EventBusName does not count).
 */
export function entrySize(entry: {
  source?: string;
  detailType?: string;
  detail?: string;
  resources?: readonly string[];
  hasTime: boolean;
}): number {
  const texts = [entry.source, entry.detailType, entry.detail, ...(entry.resources ?? [])];
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text ?? "", "utf8"), 0);
  return bytes + (entry.hasTime ? 14 : 0);
}
