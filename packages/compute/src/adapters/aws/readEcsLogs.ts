import { FilterLogEventsCommand, type FilterLogEventsCommandInput } from "@aws-sdk/client-cloudwatch-logs";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { LogEvent, LogPage, LogQuery } from "../../ports.ts";
import { errorName } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { namesOf } from "./taskDefinitionInput.ts";

export const LOG_LIMIT_MAX = 1000;
const LOG_LIMIT_DEFAULT = 100;
/** FilterLogEvents may answer empty pages while it scans; bound the calls one read may make. */
const MAX_CALLS_PER_READ = 10;

/**
 * One page of the environment's WordPress log (streams `{environment}/wordpress/{taskId}`
 * in the tenant's group), oldest first. Calls FilterLogEvents until `limit` events are in
 * or the log is exhausted, and hands back its token for the next page.
 */
export async function readEcsLogs(
  rt: EcsRuntime,
  instance: InstanceRef,
  query: LogQuery = {},
): Promise<LogPage> {
  const limit = validLimit(query.limit);
  const base = {
    logGroupName: namesOf(instance).logGroup,
    logStreamNamePrefix: `${namesOf(instance).logStreamPrefix}/`,
    ...(query.startTime ? { startTime: query.startTime.getTime() } : {}),
    ...(query.endTime ? { endTime: query.endTime.getTime() } : {}),
  };
  const events: LogEvent[] = [];
  let nextToken = query.nextToken;
  for (let calls = 0; calls < MAX_CALLS_PER_READ && events.length < limit; calls += 1) {
    const remaining = limit - events.length;
    const page = await filterPage(rt, { ...base, limit: remaining, ...(nextToken ? { nextToken } : {}) });
    for (const event of page.events ?? [])
      events.push({ timestamp: new Date(event.timestamp ?? 0).toISOString(), message: event.message ?? "" });
    nextToken = page.nextToken;
    if (!nextToken) break;
  }
  return nextToken ? { events, nextToken } : { events };
}

function validLimit(limit: number | undefined): number {
  if (limit === undefined) return LOG_LIMIT_DEFAULT;
  if (Number.isInteger(limit) && limit >= 1 && limit <= LOG_LIMIT_MAX) return limit;
  throw new ComputeError(
    "COMPUTE.INVALID_REQUEST",
    `limit must be a whole number from 1 to ${LOG_LIMIT_MAX}, got ${limit}`,
    { retryable: false },
  );
}

/** No log group yet (no task has started) reads as an empty log, not an error. */
async function filterPage(rt: EcsRuntime, input: FilterLogEventsCommandInput) {
  try {
    return await rt.deps.logs.send(new FilterLogEventsCommand(input));
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return { events: [], nextToken: undefined };
    throw error;
  }
}
