import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";
import { errorName, unexpectedAwsError } from "./awsErrors.ts";

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

const CAPACITY_ERRORS = /^(TooManyRules|TooManyTargetGroups|TooManyUniqueTargetGroupsPerLoadBalancer)/;
const codes = { retryable: ROUTING_CODES.elbUnavailable, rejected: ROUTING_CODES.elbRejected };

/**
 * Runs one ELBv2 call; an error named in `expected` is an outcome, anything else a RoutingError
 * (the SDK client retries throttling).
 */
export async function callElb<T>(action: string, run: () => Promise<T>, expected: RegExp | null = null) {
  try {
    return { ok: true, value: await run() } as Outcome<T>;
  } catch (error) {
    const name = errorName(error);
    if (expected?.test(name)) return { ok: false, error: name } as Outcome<T>;
    // A rule deletion not yet visible to DeleteTargetGroup. The SDK does not retry this;
    // it is retryable so that the SQS redelivery, the outer loop, tries again.
    if (/^ResourceInUse/.test(name))
      throw new RoutingError("ROUTING.ELB_UNAVAILABLE", `${action}: still in use, retry`, {
        retryable: true,
        cause: error,
      });
    if (CAPACITY_ERRORS.test(name))
      throw new RoutingError("ROUTING.CAPACITY_EXHAUSTED", `${action}: ${name}: AWS quota reached`, {
        retryable: false,
        cause: error,
      });
    throw unexpectedAwsError(error, codes, `ELBv2 ${action}`);
  }
}

/** The value of a call that expects no error outcome. */
export const unwrap = <T>(outcome: Outcome<T>): T => {
  if (!outcome.ok) throw new Error(`unexpected ${outcome.error}`);
  return outcome.value;
};
