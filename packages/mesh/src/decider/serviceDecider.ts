import type { AnswerOf, DomainEvent, PendingFactOf, Producer, StepFactOf, VerdictOf } from "@bbws/contracts";

/** An event a service sends in answer to the request it is handling. */
export type Answer = AnswerOf;

/** What a service does next about one request, given what it knows of the instance (contracts' VerdictOf). */
export type Verdict<Effect> = VerdictOf<Effect>;

/** What the executor learnt from running an effect (contracts' StepFactOf). */
export type StepFact<Effect> = StepFactOf<Effect>;

/** An effect not done yet, with the executor's clock (contracts' PendingFactOf). */
export type PendingFact<Effect> = PendingFactOf<Effect>;

/**
 * A service's pure decisions about one instance (like the ledger's): `decide` looks at its state and
 * the request, `evolve` folds what happened into the state. No I/O: the executor runs the effects.
 */
export interface ServiceDecider<State, Effect extends { readonly kind: string }> {
  /** Also the producer of its answers. */
  readonly service: Producer;
  readonly initialState: State;
  decide(state: State, request: DomainEvent): Verdict<Effect>;
  evolve(state: State, fact: StepFact<Effect>): State;
  /**
   * A service whose effects can be pending (an error with `retryAfterSeconds`) folds each look in:
   * the wait's start, and the step's failure once its deadline passed. Deciding the same effect
   * again next means "still waiting": the executor lets the record come back after the delay.
   * Without it, a pending error is retried like any other retryable error.
   */
  waited?(state: State, fact: PendingFact<Effect>): State;
}
