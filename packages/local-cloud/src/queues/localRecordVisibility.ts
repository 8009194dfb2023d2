import type { RecordVisibility } from "@bbws/mesh";
import type { LocalQueue } from "./localQueue.ts";

/** The local queue's ChangeMessageVisibility, as the handler calls it, remembered for the runner. */
export interface LocalRecordVisibility extends RecordVisibility {
  /**
   * Whether the handler hid this receipt handle, forgotten once asked: the runner then leaves the
   * record's visibility as the handler set it, where it would otherwise apply its own backoff.
   */
  takeHidden(receiptHandle: string): boolean;
}

export function createLocalRecordVisibility(queue: LocalQueue): LocalRecordVisibility {
  const hidden = new Set<string>();
  return {
    async hide(record, seconds) {
      if (!queue.changeVisibility(record.receiptHandle, seconds * 1000))
        throw new Error(`${queue.name}: receipt handle of ${record.messageId} is stale or not in flight`);
      hidden.add(record.receiptHandle);
    },
    takeHidden: (receiptHandle) => hidden.delete(receiptHandle),
  };
}
