import { type EventBridgeClient, StartReplayCommand } from "@aws-sdk/client-eventbridge";
import type { BusEvent, LedgerQueries } from "@bbws/contracts";
import {
  createEventBridgePublisher,
  type EventPublisher,
  isRetryableAwsError,
  PublishError,
} from "@bbws/mesh";
import { ApiError } from "../../domain/errors.ts";
import { REPLAY_STATES, type ReplayView } from "../../domain/viewSchemas.ts";
import type { EventReplayRequest, EventReplays } from "../../ports.ts";

/** The ledger's event log (`LedgerQueries.events`, which the ledger store implements): whole events, oldest first. */
export type LoggedEventSource = Pick<LedgerQueries, "events">;

export interface EventBridgeReplaysOptions {
  readonly client: EventBridgeClient;
  readonly archiveArn: string;
  readonly busArn: string;
  readonly busName: string;
  /**
   * The rules a window's replay goes to (`Destination.FilterArns`): the consumers' rules of the
   * subscription table. Without them EventBridge re-sends the window to every rule of the bus,
   * the alerts rule included (operators would be paged again for old `OperationStuck`s).
   */
  readonly consumerRuleArns: readonly string[];
  /** For an instance's replay: the ledger store (`LedgerStore` fits). */
  readonly ledgerEvents: LoggedEventSource;
  /** Default: `createEventBridgePublisher` on the bus, over `client`. */
  readonly publisher?: EventPublisher;
}

/** What the services act on: the requests the ledger emitted (the services' answers go to the ledger). */
const LEDGER_SOURCE = "bbws.ledger";

/**
 * Replays on AWS, two ways:
 * - a window: `StartReplay` of the bus archive onto the consumers' rules of the bus;
 *   EventBridge runs it asynchronously (state STARTING; follow it with `describe-replay`);
 * - one instance's window: EventBridge cannot filter a replay by content (a replay sends the
 *   whole window to every rule), so the API reads the instance's log in the ledger and
 *   re-publishes, unchanged, the ledger's requests that occurred in [from, to). Same eventIds,
 *   so each consumer's dedupe holds; the services answer again and the ledger, which keeps a
 *   STUCK operation open, takes the answers it missed. PutEvents has no `replay-name` field,
 *   so on AWS those events carry none (locally they do) and the archive keeps them once more.
 */
export function createEventBridgeReplays(options: EventBridgeReplaysOptions): EventReplays {
  const { client } = options;
  // An empty FilterArns is refused by EventBridge, and leaving it out means every rule.
  if (options.consumerRuleArns.length === 0)
    throw new Error("createEventBridgeReplays: consumerRuleArns is empty; name the consumers' rules");
  const publisher =
    options.publisher ?? createEventBridgePublisher({ client, eventBusName: options.busName });

  async function replayArchive(request: EventReplayRequest): Promise<ReplayView> {
    try {
      const answer = await client.send(
        new StartReplayCommand({
          ReplayName: request.name,
          EventSourceArn: options.archiveArn,
          EventStartTime: request.from,
          EventEndTime: request.to,
          Destination: { Arn: options.busArn, FilterArns: [...options.consumerRuleArns] },
        }),
      );
      const state = REPLAY_STATES.find((candidate) => candidate === answer.State) ?? "STARTING";
      return { ...viewOf(request), state, ...(answer.ReplayArn ? { replayArn: answer.ReplayArn } : {}) };
    } catch (error) {
      throw translate(error);
    }
  }

  async function republishInstance(
    request: EventReplayRequest & { instanceId: string },
  ): Promise<ReplayView> {
    const from = request.from.getTime();
    const to = request.to.getTime();
    const events = (await options.ledgerEvents.events(request.instanceId))
      .map(({ event }) => event)
      .filter((event) => event.source === LEDGER_SOURCE)
      .filter((event) => {
        const at = occurredAt(event);
        return at !== undefined && at >= from && at < to;
      })
      .map((event) => ({ ...event, "replay-name": request.name }));
    try {
      if (events.length > 0) await publisher.publish(events);
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      // Some may be on the bus already: a retry re-sends them with the same eventIds, which consumers drop.
      throw new ApiError(
        "API.DEPENDENCY_UNAVAILABLE",
        `the events were not all re-published; retry: ${error.message}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    return { ...viewOf(request), state: "COMPLETED", eventsReplayed: events.length };
  }

  return {
    start: (request) =>
      request.instanceId === undefined
        ? replayArchive(request)
        : republishInstance({ ...request, instanceId: request.instanceId }),
  };
}

function viewOf(request: EventReplayRequest): Omit<ReplayView, "state"> {
  return {
    replayName: request.name,
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    ...(request.instanceId !== undefined ? { instanceId: request.instanceId } : {}),
  };
}

function occurredAt(event: BusEvent): number | undefined {
  const meta = (event.detail as { meta?: { occurredAt?: unknown } } | null)?.meta;
  if (typeof meta?.occurredAt !== "string") return undefined;
  const at = Date.parse(meta.occurredAt);
  return Number.isNaN(at) ? undefined : at;
}

/** Known refusals become problems; throttling and outages a 503; anything else (a missing archive) stays a 500. */
function translate(error: unknown): unknown {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "ResourceAlreadyExistsException")
    return new ApiError("API.REPLAY_EXISTS", `EventBridge has a replay of this name already: ${message}`, {
      cause: error,
    });
  if (name === "LimitExceededException")
    return new ApiError(
      "API.REPLAY_LIMIT_EXCEEDED",
      `EventBridge runs too many replays at once; retry when one has ended: ${message}`,
      { cause: error },
    );
  if (name === "ValidationException" || name === "InvalidEventPatternException")
    return new ApiError("API.REPLAY_REJECTED", `EventBridge refused the replay: ${message}`, {
      cause: error,
    });
  if (!isRetryableAwsError(error)) return error;
  return new ApiError("API.DEPENDENCY_UNAVAILABLE", "EventBridge did not start the replay; retry", {
    cause: error,
    retryable: true,
  });
}
