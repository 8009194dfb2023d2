import { describe, expect, it } from "vitest";
import { createMemoryQueueStore, type StoredMessage } from "./queueStore.ts";

function message(messageId: string, receiveCount = 0): StoredMessage {
  return { messageId, body: messageId, sentAt: 0, receiveCount, firstReceivedAt: null, sourceQueue: null };
}

describe("createMemoryQueueStore", () => {
  it("loads messages in send order, an update keeping its place", () => {
    const store = createMemoryQueueStore();
    store.save(message("a"));
    store.save(message("b"));
    store.save(message("a", 3));
    expect(store.load().map((m) => [m.messageId, m.receiveCount])).toEqual([
      ["a", 3],
      ["b", 0],
    ]);
  });

  it("forgets removed messages and ignores unknown ids", () => {
    const store = createMemoryQueueStore();
    store.save(message("a"));
    store.remove("a");
    store.remove("never-stored");
    expect(store.load()).toEqual([]);
  });
});
