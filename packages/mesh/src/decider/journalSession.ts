import type { DomainEvent } from "@bbws/contracts";
import type { EventPublisher } from "../publisher/eventPublisher.ts";
import { type ReplyContext, reply } from "../service/reply.ts";
import { forgetOldRequests } from "./inboxMemory.ts";
import type { Answer } from "./serviceDecider.ts";
import type {
  InboxEntry,
  JournalEntry,
  JournalKey,
  ServiceJournal,
  VersionedJournal,
} from "./serviceJournal.ts";

type Started = Extract<InboxEntry, { status: "started" }>;

/**
 * One delivery's hold on one request: every change of state and inbox is written as the next
 * version of the journal, so a delivery that lost its claim fails at its next write.
 */
export async function openJournalSession<State>(input: {
  readonly journal: ServiceJournal;
  readonly publisher: EventPublisher;
  readonly context: ReplyContext;
  readonly key: JournalKey;
  readonly request: DomainEvent;
  readonly stored: VersionedJournal;
  readonly state: State;
  /** Answer types a previous delivery of this request already published. */
  readonly emitted: readonly string[];
  /** Receives of this request that were waits so far. */
  readonly waits: number;
}) {
  const { journal, key, request, context } = input;
  const eventId = request.detail.meta.eventId;
  let version = input.stored.version;
  let state = input.state;
  let inbox: Readonly<Record<string, InboxEntry>> = input.stored.entry.inbox;
  let forgottenBefore = input.stored.entry.forgottenBefore;
  let started: Started = {
    status: "started",
    claimedAt: context.clock().toISOString(),
    emitted: input.emitted,
    ...(input.waits > 0 ? { waits: input.waits } : {}),
  };
  let released = false;

  async function save(entry: InboxEntry, options: { forget?: boolean } = {}): Promise<void> {
    const written: JournalEntry = {
      state,
      inbox: { ...inbox, [eventId]: entry },
      ...(forgottenBefore ? { forgottenBefore } : {}),
    };
    const next = options.forget ? forgetOldRequests(written, context.clock()) : written;
    await journal.write(key, next, version);
    version += 1;
    inbox = next.inbox;
    forgottenBefore = next.forgottenBefore;
  }
  await save(started);

  async function release(): Promise<void> {
    if (released) return;
    await save({ ...started, claimedAt: new Date(0).toISOString() });
    released = true;
  }

  return {
    get state(): State {
      return state;
    },
    /** Publishes the answers not yet published for this request, then remembers them. */
    async publish(answers: readonly Answer[]): Promise<void> {
      const fresh = answers.filter((answer) => !started.emitted.includes(answer.type));
      if (fresh.length === 0) return;
      await input.publisher.publish(fresh.map((answer) => reply(request, answer.type, answer.data, context)));
      started = { ...started, emitted: [...started.emitted, ...fresh.map((answer) => answer.type)] };
      await save(started);
    },
    /** The intent: which effect is about to run, written before the call. */
    async intend(effect: string): Promise<void> {
      started = { ...started, running: effect };
      await save(started);
    },
    /**
     * Folds an effect's result in. Not written on its own: the next write (an answer published,
     * the next intent, or the end) carries it, one write per effect. A crash before that write
     * re-runs the effect on redelivery, which adopts what it made.
     */
    apply(next: State): void {
      state = next;
      const { running: _ran, ...rest } = started;
      started = rest;
    },
    /** After a failure: the next delivery may start at once instead of waiting for the lease. */
    release,
    /** A step not done yet: the state (the wait's start), one more wait, and the lease let go, in one write. */
    async wait(): Promise<void> {
      started = { ...started, waits: (started.waits ?? 0) + 1 };
      await release();
    },
    /** The request is handled; the inbox forgets what occurred too long ago to come back. */
    async finish(ignored?: string): Promise<void> {
      const done: InboxEntry = {
        status: "done",
        at: context.clock().toISOString(),
        occurredAt: request.detail.meta.occurredAt,
        ...(ignored ? { ignored } : {}),
      };
      await save(done, { forget: true });
    },
  };
}
