import { readFile } from "node:fs/promises";
import { ApiError } from "../../domain/errors.ts";
import type { InstanceAddress, InstanceLogs } from "../../ports.ts";

const TIMESTAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))\s(.*)$/;

/**
 * Instance logs from a local text file per instance (the local compute writes one; its
 * path is `pathOf(instance)`). A line starting with an ISO-8601 timestamp begins an
 * event; lines without one (a PHP stack trace) continue the event before. `nextToken` is
 * the number of events already read, so a page is stable while the file only grows.
 */
export function createFileInstanceLogs(options: {
  pathOf: (instance: InstanceAddress) => string;
}): InstanceLogs {
  return {
    async read({ instance, startTime, endTime, limit, nextToken }) {
      const skip = nextToken === undefined ? 0 : Number(nextToken);
      if (!Number.isSafeInteger(skip) || skip < 0 || !/^\d+$/.test(nextToken ?? "0"))
        throw new ApiError("API.INVALID_CURSOR", "nextToken must be a value returned by a previous page");
      const events = parse(await readText(options.pathOf(instance)));
      const inRange = events.filter(
        (event) =>
          (startTime === undefined || event.at >= startTime) &&
          (endTime === undefined || event.at <= endTime),
      );
      const page = inRange.slice(skip, skip + limit);
      const next = skip + page.length;
      return {
        items: page.map((event) => ({ timestamp: new Date(event.at).toISOString(), message: event.message })),
        ...(next < inRange.length ? { nextToken: String(next) } : {}),
      };
    },
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    // No file yet: the instance has not logged anything.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw new ApiError("API.DEPENDENCY_UNAVAILABLE", `cannot read the log file ${path}`, {
      cause: error,
      retryable: true,
    });
  }
}

function parse(text: string): { at: number; message: string }[] {
  const events: { at: number; message: string }[] = [];
  for (const line of text.split("\n")) {
    const match = TIMESTAMPED.exec(line);
    const at = match?.[1] ? Date.parse(match[1]) : Number.NaN;
    const last = events.at(-1);
    if (match && !Number.isNaN(at)) events.push({ at, message: match[2] ?? "" });
    else if (last && line.length > 0) last.message = `${last.message}\n${line}`;
  }
  return events;
}
