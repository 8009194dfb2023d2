import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const TAIL_BYTES = 4096;

/** The last `count` non-empty lines of a log file (its last 4 KiB); [] when there is none. */
export function lastLogLines(file: string, count: number): string[] {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString("utf8")
      .split("\n")
      .map((line) => line.trimEnd());
    return lines.filter((line) => line.length > 0).slice(-count);
  } finally {
    closeSync(fd);
  }
}
