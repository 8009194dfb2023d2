import { type DomainEvent, type InstanceRef, instanceRefOf } from "@bbws/contracts";
import type { RecordVisibility } from "../consumer/retryAfter.ts";
import type { Logger } from "../logger.ts";
import type { EventPublisher } from "../publisher/eventPublisher.ts";
import type { DeliveryContext } from "../service/deliveryContext.ts";
import type { ReplyContext } from "../service/reply.ts";
import { runStep } from "../service/runStep.ts";
import { isForgotten } from "./inboxMemory.ts";
import { openJournalSession } from "./journalSession.ts";
import type { ServiceDecider, StepFact } from "./serviceDecider.ts";
import {
  JournalConflictError,
  type JournalKey,
  type ServiceJournal,
  type VersionedJournal,
} from "./serviceJournal.ts";

/** Runs one effect: ONE cloud call (or one idempotent adapter step) that adopts what already exists. */
export type RunEffect<Effect> = (effect: Effect, instance: InstanceRef) => Promise<unknown>;

/** What every service's handler is given by its composition root (a Lambda's base, the local mesh). */
export interface ServiceHandlerDeps {
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
  /** The service's state and inbox per instance (DynamoDB on AWS, files or memory locally). */
  readonly journal: ServiceJournal;
  /** How long a delivery owns a request it started: at least the consumer's timeout. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Hides a record whose error said when to look again (SQS ChangeMessageVisibility; the local queue). */
  readonly visibility?: RecordVisibility;
}

export interface DeciderHandlerDeps<State, Effect extends { readonly kind: string }>
  extends ServiceHandlerDeps {
  readonly decider: ServiceDecider<State, Effect>;
  readonly runEffect: RunEffect<Effect>;
}

/** A delivery of this request, or of another request for the instance, is running: SQS redelivers later. */
export class RequestInFlightError extends Error {
  readonly code = "MESH.REQUEST_IN_FLIGHT";
  readonly retryable = true;
  /**
   * When the holder's lease ends (at most the function's timeout), read by the consumer
   * (retryAfter.ts) instead of the queue's visibility timeout (6× as long). Not sooner: this wait
   * is not counted apart (the waiting delivery holds no claim to write it), so one look per lease
   * keeps it to about one receive per holder, as before, though a holder usually ends sooner.
   */
  readonly retryAfterSeconds: number;
  constructor(
    key: JournalKey,
    eventId: string,
    holder: string,
    retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(
      holder === eventId
        ? `${key.service} is already handling ${eventId} for ${key.instanceId}`
        : `${key.service} is handling ${holder} for ${key.instanceId}; ${eventId} waits its turn`,
      options,
    );
    this.name = "RequestInFlightError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The one executor every service runs its decider with. Per request: check the inbox (a handled
 * event has no second effect), claim the request with a conditional write (one request per
 * instance at a time), then until the decider is done: publish what it emits, record the intent,
 * run the effect, fold the result into the state. Every write is conditional on the version
 * read, so concurrent deliveries cannot both act.
 */
export function createDeciderHandler<State, Effect extends { readonly kind: string }>(
  deps: DeciderHandlerDeps<State, Effect>,
) {
  const { decider, journal } = deps;
  const context: ReplyContext = { producer: decider.service, clock: deps.clock, newId: deps.newId };
  const log = deps.logger.child({ service: decider.service });

  /**
   * A delivery that lost a journal write to another (a claim raced, or its lease ran out and was
   * taken) looks again when a lease taken just now would end, as behind a live lease: by then the
   * other has most likely finished, so one more receive settles it, and not the queue's
   * visibility timeout (six times the lease) later.
   */
  return async function handle(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    try {
      await handleDelivery(event, delivery);
    } catch (error) {
      if (!(error instanceof JournalConflictError)) throw error;
      const key: JournalKey = { service: decider.service, ...instanceRefOf(event) };
      const leaseSeconds = Math.ceil(deps.leaseMs / 1000);
      throw new RequestInFlightError(key, event.detail.meta.eventId, "another delivery", leaseSeconds, {
        cause: error,
      });
    }
  };

  async function handleDelivery(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    const instance = instanceRefOf(event);
    const key: JournalKey = { service: decider.service, ...instance };
    const stored = await journal.read(key);
    const state = stored.version > 0 ? (stored.entry.state as State) : decider.initialState;
    if (decider.decide(state, event).kind === "notMine") return;
    const claim = claimable(key, stored, event);
    if (!claim) return;
    const session = await openJournalSession({
      ...deps,
      context,
      key,
      request: event,
      stored,
      state,
      ...claim,
    });
    const policy = {
      ...delivery,
      maxReceiveCount: deps.maxReceiveCount,
      area: decider.service,
      ...(decider.waited ? { waits: claim.waits } : {}),
    };
    // The effect that was just pending: decided again, it is still within its deadline.
    let pending: { readonly kind: string; readonly error: unknown } | undefined;
    try {
      for (;;) {
        const verdict = decider.decide(session.state, event);
        if (verdict.kind !== "decide") {
          log.info("request acknowledged with no effect", {
            eventId: event.detail.meta.eventId,
            reason: reasonOf(verdict),
          });
          return await session.finish(reasonOf(verdict));
        }
        await session.publish(verdict.emit ?? []);
        if (!verdict.run) return await session.finish();
        const effect = verdict.run;
        if (pending?.kind === effect.kind) {
          await session.wait();
          throw pending.error;
        }
        await session.intend(effect.kind);
        const startedAt = performance.now();
        const outcome = await runStep(() => deps.runEffect(effect, instance), policy);
        // One line per port call with its duration: a saga's timeline, step by step (bench:stack reads it).
        log.info("effect ran", {
          instanceId: instance.instanceId,
          effect: effect.kind,
          ok: outcome.ok,
          durationMs: Math.round(performance.now() - startedAt),
        });
        const request = event.detail.meta.eventId;
        if (!outcome.ok && outcome.wait && decider.waited) {
          const at = deps.clock().toISOString();
          session.apply(decider.waited(session.state, { effect, failure: outcome.failure, request, at }));
          pending = { kind: effect.kind, error: outcome.wait.error };
          continue;
        }
        const fact: StepFact<Effect> = outcome.ok
          ? { kind: "succeeded", effect, value: outcome.value, request }
          : { kind: "failed", effect, failure: outcome.failure, request };
        session.apply(decider.evolve(session.state, fact));
      }
    } catch (error) {
      // Best effort: if this write fails too, the lease runs out and the next delivery takes over.
      await session.release().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The answer types already published for the request (empty for a new one), or null when it
   * was handled. Throws while a live lease is held on this request or another of the instance.
   */
  function claimable(
    key: JournalKey,
    stored: VersionedJournal,
    event: DomainEvent,
  ): { readonly emitted: readonly string[]; readonly waits: number } | null {
    const eventId = event.detail.meta.eventId;
    const seen = stored.entry.inbox[eventId];
    const handled =
      seen?.status === "done" || (!seen && isForgotten(stored.entry, event.detail.meta.occurredAt));
    if (handled) {
      log.info("request already handled: acknowledged with no effect", {
        eventId,
        instanceId: key.instanceId,
        detailType: event["detail-type"],
        replay: event["replay-name"] !== undefined,
        ...(seen ? {} : { forgottenBefore: stored.entry.forgottenBefore }),
      });
      return null;
    }
    const now = context.clock().getTime();
    for (const [holder, entry] of Object.entries(stored.entry.inbox)) {
      if (entry.status !== "started") continue;
      const leaseLeftMs = deps.leaseMs - (now - Date.parse(entry.claimedAt));
      if (leaseLeftMs > 0)
        throw new RequestInFlightError(key, eventId, holder, Math.ceil(leaseLeftMs / 1000));
    }
    return seen?.status === "started"
      ? { emitted: seen.emitted, waits: seen.waits ?? 0 }
      : { emitted: [], waits: 0 };
  }
}

function reasonOf(verdict: { kind: "notMine" } | { kind: "ignore"; reason: string }): string {
  return verdict.kind === "ignore" ? verdict.reason : "not for this service";
}
