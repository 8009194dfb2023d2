import type { DataOf, EventName } from "./catalog.ts";

/**
 * The shapes every service's decider speaks with the one executor (`createDeciderHandler` in
 * @bbws/mesh), written once here so that a service's pure domain imports nothing but contracts.
 */

/** Why a step did not succeed: a `SERVICE.*` code, a reason, and whether trying again may help. */
export interface FailureDetails {
  readonly code: string;
  readonly reason: string;
  readonly retryable: boolean;
}

/** An event a service sends in answer to the request it is handling; `N` narrows to its own answers. */
export type AnswerOf<N extends EventName = EventName> = {
  [K in N]: { readonly type: K; readonly data: DataOf<K> };
}[N];

/** A request is either not for this service, acknowledged without effect, or decided. */
export type VerdictOf<Effect, Answer = AnswerOf> =
  | { readonly kind: "notMine" }
  | { readonly kind: "ignore"; readonly reason: string }
  | {
      readonly kind: "decide";
      /** The answers the request has earned so far (the executor publishes each type once). */
      readonly emit?: readonly Answer[];
      /** The next cloud call; absent when the request is answered. */
      readonly run?: Effect;
    };

/** What the executor learnt from running an effect: the only way a service's state changes. */
export type StepFactOf<Effect> =
  | { readonly kind: "succeeded"; readonly effect: Effect; readonly value: unknown; readonly request: string }
  | {
      readonly kind: "failed";
      readonly effect: Effect;
      readonly failure: FailureDetails;
      readonly request: string;
    };

/**
 * An effect whose outcome is not there yet (its error said when to look again): `at` is the
 * executor's clock, so a decider can measure the wait and give up at its deadline, purely.
 */
export interface PendingFactOf<Effect> {
  readonly effect: Effect;
  readonly failure: FailureDetails;
  readonly request: string;
  readonly at: string;
}
