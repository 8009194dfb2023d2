import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResourceRecord, ResourceRecords } from "@bbws/mesh";

/** One JSON file per record (write-then-rename), for the local stack: survives kill -9. */
export function createFileResourceRecords(directory: string): ResourceRecords {
  mkdirSync(directory, { recursive: true });
  const fileOf = (key: string) => join(directory, `${encodeURIComponent(key)}.json`);
  const readAll = (): ResourceRecord[] =>
    readdirSync(directory)
      .filter((name) => name.endsWith(".json"))
      .map((name) => JSON.parse(readFileSync(join(directory, name), "utf8")) as ResourceRecord);

  return {
    async get(key) {
      try {
        return JSON.parse(readFileSync(fileOf(key), "utf8")) as ResourceRecord;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async put(record) {
      const file = fileOf(record.key);
      writeFileSync(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
    async remove(key) {
      rmSync(fileOf(key), { force: true });
    },
    async listByInstance(instanceId) {
      return readAll().filter((record) => record.instanceId === instanceId);
    },
    async list() {
      return readAll();
    },
  };
}
