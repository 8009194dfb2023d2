import { closeSync, openSync, readSync } from "node:fs";
import { ComputeError } from "../../domain/errors.ts";
import type { LogEvent, LogPage, LogQuery } from "../../ports.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** php -S prefixes lines with `[pid] ` (with workers) and `[Sun Nov 22 04:58:48 2026] `, in UTC (we pass date.timezone). */
const STAMP = /^(?:\[\d+\] )?\[\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\]/;

export function parseLogTime(line: string): number | undefined {
  const match = STAMP.exec(line);
  if (!match) return undefined;
  const [, month, day, hours, minutes, seconds, year] = match;
  const monthIndex = MONTHS.indexOf(month ?? "");
  if (monthIndex < 0) return undefined;
  return Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds));
}

interface Position {
  /** Byte offset of the next line to read. */
  readonly offset: number;
  /** Time of the last stamped line before it: continuation lines (a PHP stack trace) carry no stamp. */
  readonly time: number | null;
}

const invalid = (message: string) =>
  new ComputeError("COMPUTE.INVALID_LOG_QUERY", message, { retryable: false });

function encode(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

function decode(token: string | undefined): Position {
  if (token === undefined) return { offset: 0, time: null };
  try {
    const { offset, time } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Position;
    if (Number.isSafeInteger(offset) && offset >= 0 && (time === null || Number.isFinite(time)))
      return { offset, time };
  } catch {
    // reported below
  }
  throw invalid("nextToken is not a token this log gave out");
}

function limitOf(query: LogQuery): number {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalid("limit must be a whole number from 1 to 1000");
  return limit;
}

/**
 * A page of a php -S log file, oldest first: each line is an event. The token
 * is the byte offset where the next page starts, so pages never overlap or
 * skip a line while the file grows. A line still being written is left for later.
 */
export function readPhpLog(file: string, query: LogQuery = {}): LogPage {
  const limit = limitOf(query);
  const from = query.startTime?.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = query.endTime?.getTime() ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(from) || Number.isNaN(until)) throw invalid("startTime and endTime must be valid dates");
  let { offset, time } = decode(query.nextToken);
  let descriptor: number;
  try {
    descriptor = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { events: [] };
    throw error;
  }
  const events: LogEvent[] = [];
  try {
    for (const line of lines(descriptor, offset)) {
      offset = line.next;
      time = parseLogTime(line.text) ?? time;
      if (time === null || time < from) continue;
      if (time >= until) return { events };
      events.push({ timestamp: new Date(time).toISOString(), message: line.text });
      if (events.length === limit) return { events, nextToken: encode({ offset, time }) };
    }
  } finally {
    closeSync(descriptor);
  }
  return { events };
}

/** Complete lines from `start`, each with the offset just after it. */
function* lines(descriptor: number, start: number): Generator<{ text: string; next: number }> {
  const chunk = Buffer.alloc(64 * 1024);
  let pending = Buffer.alloc(0);
  let position = start;
  let pendingStart = start;
  for (;;) {
    const read = readSync(descriptor, chunk, 0, chunk.length, position);
    if (read === 0) return;
    position += read;
    pending = Buffer.concat([pending, chunk.subarray(0, read)]);
    let newline = pending.indexOf(0x0a);
    while (newline >= 0) {
      const next = pendingStart + newline + 1;
      yield { text: pending.subarray(0, newline).toString("utf8").replace(/\r$/, ""), next };
      pending = pending.subarray(newline + 1);
      pendingStart = next;
      newline = pending.indexOf(0x0a);
    }
  }
}
