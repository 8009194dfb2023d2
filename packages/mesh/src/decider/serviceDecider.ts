import type { DataOf, DomainEvent, EventName, Producer } from "@bbws/contracts";
import type { FailureDetails } from "../service/serviceError.ts";

/** An event a service sends in answer to the request it is handling. */
export type Answer = { [N in EventName]: { readonly type: N; readonly data: DataOf<N> } }[EventName];

/** What a service does next about one request, given what it knows of the instance. */
export interface Decision<Effect> {
  /**
   * The answers the request has earned so far. The executor publishes each type once per request,
   * so a decider can list an answer on every decision after it became due.
   */
  readonly emit?: readonly Answer[];
  /** The next cloud call; absent when the request is answered. */
  readonly run?: Effect;
}

/** A request is either not for this service, acknowledged without effect, or decided. */
export type Verdict<Effect> =
  | { readonly kind: "notMine" }
  | { readonly kind: "ignore"; readonly reason: string }
  | ({ readonly kind: "decide" } & Decision<Effect>);

/** What the executor learnt from running an effect: the only way a service's state changes. */
export type StepFact<Effect> =
  | { readonly kind: "succeeded"; readonly effect: Effect; readonly value: unknown; readonly request: string }
  | {
      readonly kind: "failed";
      readonly effect: Effect;
      readonly failure: FailureDetails;
      readonly request: string;
    };

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
}
