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

const idsIn = (dir: string) =>
  createFileQueueStore(dir)
    .load()
    .map((m) => m.messageId);
const logOf = (dir: string) => path.join(dir, "messages.jsonl");

describe("createFileQueueStore", () => {
  it("loads messages in send order from a new store, an update keeping its place", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    for (const id of ["m-3", "m-1", "m-2"]) store.save(message(id));
    store.save(message("m-3", 2));

    const reopened = createFileQueueStore(dir).load();
    expect(reopened.map((m) => m.messageId)).toEqual(["m-3", "m-1", "m-2"]);
    expect(reopened[0]).toEqual(message("m-3", 2));
  });

  it("forgets a removed message, and one saved again after removal goes last", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    for (const id of ["a", "b", "c"]) store.save(message(id));
    store.remove("a");
    store.remove("never-stored");
    expect(idsIn(dir)).toEqual(["b", "c"]);
    store.save(message("b", 1));
    store.remove("b");
    store.save(message("b", 0));
    expect(idsIn(dir)).toEqual(["c", "b"]);
  });

  it("continues after a restart so send order holds", () => {
    const dir = tempDir();
    createFileQueueStore(dir).save(message("first"));
    createFileQueueStore(dir).save(message("second"));
    expect(idsIn(dir)).toEqual(["first", "second"]);
  });

  it("skips a change torn by a kill mid-append, and appends on after it", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    store.save(message("kept"));
    store.save(message("removed-later"));
    fs.appendFileSync(logOf(dir), JSON.stringify({ removed: "removed-later" }).slice(0, 9));

    const reopened = createFileQueueStore(dir);
    expect(reopened.load().map((m) => m.messageId)).toEqual(["kept", "removed-later"]);
    reopened.remove("removed-later");
    reopened.save(message("next"));
    expect(idsIn(dir)).toEqual(["kept", "next"]);
  });

  it("keeps memory and disk alike when an append fails, and writes the log whole after it", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    store.save(message("a"));
    fs.rmSync(logOf(dir));
    fs.mkdirSync(logOf(dir)); // the next append fails (EISDIR)
    expect(() => store.save(message("b"))).toThrow();
    expect(store.load().map((m) => m.messageId)).toEqual(["a"]);
    fs.rmSync(logOf(dir), { recursive: true });

    store.save(message("c"));
    expect(idsIn(dir)).toEqual(["a", "c"]);
  });

  it("compacts the log to the live messages once it is mostly removed ones", () => {
    const dir = tempDir();
    const store = createFileQueueStore(dir);
    store.save(message("stays"));
    for (let index = 0; index < 200; index++) {
      store.save(message(`m-${index}`));
      store.remove(`m-${index}`);
    }
    const lines = fs.readFileSync(logOf(dir), "utf8").split("\n").length - 1;
    expect(lines).toBeLessThan(100);
    expect(idsIn(dir)).toEqual(["stays"]);
  });

  it("takes over the messages of the store before the log (one file per message), in send order", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "000000000001-second.json"), JSON.stringify(message("second")));
    fs.writeFileSync(path.join(dir, "000000000000-first.json"), JSON.stringify(message("first")));
    expect(idsIn(dir)).toEqual(["first", "second"]);
    expect(fs.readdirSync(dir)).toEqual(["messages.jsonl"]);
    expect(idsIn(dir)).toEqual(["first", "second"]);
  });

  it("discards temporary files left by a kill between write and rename", () => {
    const dir = tempDir();
    createFileQueueStore(dir).save(message("kept"));
    fs.writeFileSync(path.join(dir, "messages.jsonl.tmp"), '{"saved":');
    expect(idsIn(dir)).toEqual(["kept"]);
    expect(fs.readdirSync(dir)).toEqual(["messages.jsonl"]);
  });
});
