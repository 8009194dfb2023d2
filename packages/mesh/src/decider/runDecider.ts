import { type DomainEvent, type InstanceRef, instanceRefOf } from "@bbws/contracts";
import type { Logger } from "../logger.ts";
import type { EventPublisher } from "../publisher/eventPublisher.ts";
import type { DeliveryContext } from "../service/deliveryContext.ts";
import { type ReplyContext, reply } from "../service/reply.ts";
import { runStep } from "../service/runStep.ts";
import type { Answer, ServiceDecider, StepFact } from "./serviceDecider.ts";
import type {
  InboxEntry,
  JournalEntry,
  JournalKey,
  ServiceJournal,
  VersionedJournal,
} from "./serviceJournal.ts";

/** Runs one effect: ONE cloud call (or one idempotent adapter step) that adopts what already exists. */
export type RunEffect<Effect> = (effect: Effect, instance: InstanceRef) => Promise<unknown>;

export interface DeciderHandlerDeps<State, Effect extends { readonly kind: string }> {
  readonly decider: ServiceDecider<State, Effect>;
  readonly runEffect: RunEffect<Effect>;
  readonly journal: ServiceJournal;
  readonly publisher: EventPublisher;
  readonly context: ReplyContext;
  readonly maxReceiveCount: number;
  /** How long a delivery owns a request it started: at least the consumer's timeout. */
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** Another delivery of the same request is running it: SQS redelivers this one later. */
export class RequestInFlightError extends Error {
  readonly code = "MESH.REQUEST_IN_FLIGHT";
  readonly retryable = true;
  constructor(key: JournalKey, eventId: string) {
    super(`${key.service} is already handling ${eventId} for ${key.instanceId}`);
    this.name = "RequestInFlightError";
  }
}

/**
 * The one executor every service runs its decider with. Per request: check the inbox (a handled
 * event has no second effect), claim the request with a conditional write, then until the decider
 * is done: publish what it emits, record the intent, run the effect, fold the result into the
 * state. Every write is conditional on the version read, so concurrent deliveries cannot both act.
 */
export function createDeciderHandler<State, Effect extends { readonly kind: string }>(
  deps: DeciderHandlerDeps<State, Effect>,
) {
  const { decider, journal, context } = deps;
  const log = deps.logger.child({ service: decider.service });

  return async function handle(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    const instance = instanceRefOf(event);
    const key: JournalKey = {
      service: decider.service,
      instanceId: instance.instanceId,
      tenantId: instance.tenantId,
    };
    const stored = await journal.read(key);
    if (decider.decide(stateOf(stored), event).kind === "notMine") return;
    const session = await claim(key, stored, event);
    if (!session) return;
    const eventId = event.detail.meta.eventId;
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: decider.service };
    for (;;) {
      const verdict = decider.decide(session.state, event);
      if (verdict.kind !== "decide") return session.finish({ ignored: reasonOf(verdict) });
      await session.publish(verdict.emit ?? []);
      if (!verdict.run) return session.finish({});
      const effect = verdict.run;
      await session.intend(effect.kind);
      let outcome: Awaited<ReturnType<typeof runStep>>;
      try {
        outcome = await runStep(() => deps.runEffect(effect, instance), policy);
      } catch (error) {
        await session.release();
        throw error;
      }
      const fact: StepFact<Effect> = outcome.ok
        ? { kind: "succeeded", effect, value: outcome.value, request: eventId }
        : { kind: "failed", effect, failure: outcome.failure, request: eventId };
      await session.apply(decider.evolve(session.state, fact));
    }
  };

  function stateOf(stored: VersionedJournal): State {
    return stored.version > 0 ? (stored.entry.state as State) : decider.initialState;
  }

  async function claim(key: JournalKey, stored: VersionedJournal, event: DomainEvent) {
    const eventId = event.detail.meta.eventId;
    const seen = stored.entry.inbox[eventId];
    const fields = { eventId, instanceId: key.instanceId, detailType: event["detail-type"] };
    if (seen?.status === "done") {
      log.info("request already handled: acknowledged with no effect", {
        ...fields,
        replay: event["replay-name"] !== undefined,
      });
      return null;
    }
    const now = context.clock();
    if (seen?.status === "started" && now.getTime() - Date.parse(seen.claimedAt) < deps.leaseMs)
      throw new RequestInFlightError(key, eventId);
    const emitted = seen?.status === "started" ? seen.emitted : [];
    return openSession({ key, event, stored, claimedAt: now, emitted });
  }

  async function openSession(input: {
    key: JournalKey;
    event: DomainEvent;
    stored: VersionedJournal;
    claimedAt: Date;
    emitted: readonly string[];
  }) {
    const { key, event, stored } = input;
    const eventId = event.detail.meta.eventId;
    let version = stored.version;
    let state = stateOf(stored);
    let inbox: Record<string, InboxEntry> = { ...stored.entry.inbox };
    let started: Extract<InboxEntry, { status: "started" }> = {
      status: "started",
      claimedAt: input.claimedAt.toISOString(),
      emitted: input.emitted,
    };

    async function save(entry: InboxEntry): Promise<void> {
      const next: JournalEntry = { state, inbox: { ...inbox, [eventId]: entry } };
      await journal.write(key, next, version);
      version += 1;
      inbox = { ...next.inbox };
    }
    await save(started);

    return {
      get state() {
        return state;
      },
      async publish(answers: readonly Answer[]) {
        const fresh = answers.filter((answer) => !started.emitted.includes(answer.type));
        if (fresh.length === 0) return;
        await deps.publisher.publish(fresh.map((answer) => reply(event, answer.type, answer.data, context)));
        started = { ...started, emitted: [...started.emitted, ...fresh.map((answer) => answer.type)] };
        await save(started);
      },
      async intend(effect: string) {
        started = { ...started, running: effect };
        await save(started);
      },
      async apply(next: State) {
        state = next;
        const { running: _done, ...rest } = started;
        started = rest;
        await save(started);
      },
      async release() {
        // A retryable failure: let the next delivery start at once instead of waiting for the lease.
        await save({ ...started, claimedAt: new Date(0).toISOString() });
      },
      async finish(outcome: { ignored?: string }) {
        if (outcome.ignored)
          log.info("request acknowledged with no effect", { eventId, reason: outcome.ignored });
        await save({ status: "done", at: context.clock().toISOString(), ...outcome });
      },
    };
  }
}

function reasonOf(verdict: { kind: "notMine" } | { kind: "ignore"; reason: string }): string {
  return verdict.kind === "ignore" ? verdict.reason : "not for this service";
}
