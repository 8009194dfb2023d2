import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileQueueStore } from "./fileQueueStore.ts";
import type { StoredMessage } from "./queueStore.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-queue-store-"));
  dirs.push(dir);
  return dir;
}

function message(messageId: string, receiveCount = 0): StoredMessage {
  return {
    messageId,
    body: `body-${messageId}`,
    sentAt: 1,
    receiveCount,
    firstReceivedAt: null,
    sourceQueue: null,
  };
}

describe("createFileQueueStore", () => {
  it("keeps one file per message and loads them in send order from a new store", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    for (const id of ["m-3", "m-1", "m-2"]) store.save(message(id));
    store.save(message("m-3", 2));

    expect(fs.readdirSync(dir)).toHaveLength(3);
    const reopened = createFileQueueStore(dir).load();
    expect(reopened.map((m) => m.messageId)).toEqual(["m-3", "m-1", "m-2"]);
    expect(reopened[0]).toEqual(message("m-3", 2));
  });

  it("deletes the file of a removed message", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    store.save(message("a"));
    store.save(message("b"));
    store.remove("a");
    expect(
      createFileQueueStore(dir)
        .load()
        .map((m) => m.messageId),
    ).toEqual(["b"]);
  });

  it("continues the sequence after a restart so send order holds", () => {
    const dir = tempDir();
    createFileQueueStore(dir).save(message("first"));
    createFileQueueStore(dir).save(message("second"));
    expect(
      createFileQueueStore(dir)
        .load()
        .map((m) => m.messageId),
    ).toEqual(["first", "second"]);
  });

  it("discards temporary files left by a kill between write and rename", () => {
    const dir = tempDir();
    createFileQueueStore(dir).save(message("kept"));
    fs.writeFileSync(path.join(dir, "000000000001-torn.json.tmp"), '{"messageId":');
    expect(
      createFileQueueStore(dir)
        .load()
        .map((m) => m.messageId),
    ).toEqual(["kept"]);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it("refuses a message id that cannot be a file name", () => {
    const store = createFileQueueStore(tempDir());
    expect(() => store.save(message("../escape"))).toThrow(/file name/);
  });
});
