import type { BusEvent } from "@bbws/contracts";
import type { EventPublisher } from "@bbws/mesh";

export interface ArchivedEvent {
  /** When the bus received the event (epoch ms). */
  readonly at: number;
  readonly event: BusEvent;
}

/** `from` is inclusive and `to` exclusive; `instanceId` matches `detail.meta.instanceId`. */
export interface ArchiveQuery {
  readonly from?: number;
  readonly to?: number;
  readonly instanceId?: string;
  /** Only events whose `detail.data.operationId` is this one (an operation's saga). */
  readonly operationId?: string;
}

export interface ReplayRequest extends ArchiveQuery {
  /** Set as `replay-name` on every replayed event, as EventBridge does. */
  readonly name: string;
}

export interface EventArchive {
  append(event: BusEvent, at: number): void;
  /** Archived events in the order they were appended. */
  read(query?: ArchiveQuery): ArchivedEvent[];
  /** Re-publishes the matching events in order; resolves to how many were replayed. */
  replay(request: ReplayRequest, bus: EventPublisher): Promise<number>;
}

/** Where an archive keeps its entries; `load` returns them in append order. */
export interface ArchiveBackend {
  add(entry: ArchivedEvent): void;
  load(): ArchivedEvent[];
}

// EventBridge's ReplayName constraint.
const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

export function createMemoryEventArchive(): EventArchive {
  const entries: ArchivedEvent[] = [];
  return createEventArchive({ add: (entry) => entries.push(entry), load: () => [...entries] });
}

export function createEventArchive(backend: ArchiveBackend): EventArchive {
  const read = (query: ArchiveQuery = {}) => backend.load().filter((entry) => matchesQuery(entry, query));
  return {
    append: (event, at) => backend.add({ at, event }),
    read,
    async replay(request, bus) {
      if (!REPLAY_NAME.test(request.name)) throw new Error(`invalid replay name: ${request.name}`);
      const events = read(request).map(({ event }) => ({ ...event, "replay-name": request.name }));
      if (events.length > 0) await bus.publish(events);
      return events.length;
    },
  };
}

function matchesQuery(entry: ArchivedEvent, query: ArchiveQuery): boolean {
  if (query.from !== undefined && entry.at < query.from) return false;
  if (query.to !== undefined && entry.at >= query.to) return false;
  if (query.operationId !== undefined && operationIdOf(entry.event) !== query.operationId) return false;
  return query.instanceId === undefined || instanceIdOf(entry.event) === query.instanceId;
}

function operationIdOf(event: BusEvent): unknown {
  const detail = event.detail as { data?: { operationId?: unknown } } | null | undefined;
  return detail?.data?.operationId;
}

function instanceIdOf(event: BusEvent): unknown {
  const detail = event.detail as { meta?: { instanceId?: unknown } } | null | undefined;
  return detail?.meta?.instanceId;
}
