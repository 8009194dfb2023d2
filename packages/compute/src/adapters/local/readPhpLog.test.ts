import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import { parseLogTime, readPhpLog } from "./readPhpLog.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-phplog-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const LINES = [
  "[101] [Sun Nov 22 04:58:48 2026] PHP 8.2.36 Development Server (http://127.0.0.1:21000) started",
  "[102] [Sun Nov 22 04:58:49 2026] 127.0.0.1:41520 [200]: GET /",
  "[102] [Sun Nov 22 04:59:01 2026] PHP Fatal error:  Uncaught Error: boom in /x.php:3",
  "Stack trace:",
  "#0 {main}",
  "[Sun Nov  2 05:00:13 2026] 127.0.0.1:39708 [503]: GET /é",
];

function logFile(name: string, content: string): string {
  const file = join(directory, name);
  writeFileSync(file, content);
  return file;
}

describe("readPhpLog", () => {
  it("reads php -S stamps (with or without a worker pid) as UTC", () => {
    expect(new Date(parseLogTime(LINES[1]!)!).toISOString()).toBe("2026-11-22T04:58:49.000Z");
    expect(new Date(parseLogTime(LINES[5]!)!).toISOString()).toBe("2026-11-02T05:00:13.000Z");
    expect(parseLogTime("Stack trace:")).toBeUndefined();
  });

  it("gives continuation lines the time of the line they continue", () => {
    const file = logFile("continuation.log", `${LINES.join("\n")}\n`);
    const { events } = readPhpLog(file, { limit: 1000 });
    expect(events.map((event) => event.message)).toEqual(LINES);
    expect(events[3]?.timestamp).toBe("2026-11-22T04:59:01.000Z");
  });

  it("pages by byte offset without overlap or gap, across multibyte text and a growing file", () => {
    const file = logFile("paging.log", `${LINES.slice(0, 5).join("\n")}\n`);
    const first = readPhpLog(file, { limit: 2 });
    expect(first.events.map((event) => event.message)).toEqual(LINES.slice(0, 2));
    const second = readPhpLog(file, { limit: 2, nextToken: first.nextToken! });
    expect(second.events.map((event) => event.message)).toEqual(LINES.slice(2, 4));
    appendFileSync(file, `${LINES[5]}\n[Sun Nov 22 05:00:14 2026] still being writ`);
    const third = readPhpLog(file, { limit: 5, nextToken: second.nextToken! });
    expect(third.events.map((event) => event.message)).toEqual(LINES.slice(4, 6));
    expect(third.nextToken).toBeUndefined();
  });

  it("keeps events in [startTime, endTime)", () => {
    const file = logFile("window.log", `${LINES.slice(0, 5).join("\n")}\n`);
    const { events } = readPhpLog(file, {
      startTime: new Date("2026-11-22T04:58:49Z"),
      endTime: new Date("2026-11-22T04:59:01Z"),
    });
    expect(events.map((event) => event.message)).toEqual([LINES[1]]);
  });

  it("answers an empty page for a missing log and refuses bad limits and tokens", () => {
    expect(readPhpLog(join(directory, "none.log"))).toEqual({ events: [] });
    const file = logFile("refusals.log", "");
    for (const query of [{ limit: 0 }, { limit: 1001 }, { limit: 1.5 }, { nextToken: "not-a-token" }])
      expect(() => readPhpLog(file, query)).toThrow(ComputeError);
    expect(() => readPhpLog(file, { startTime: new Date("nope") })).toThrow(/valid dates/);
  });
});
