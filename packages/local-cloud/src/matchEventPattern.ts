/**
 * Amazon EventBridge event-pattern matching, for routing events locally exactly as a rule on the bus would.
 *
 * Semantics follow the EventBridge user guide ("Creating event patterns", "Content filtering in Amazon
 * EventBridge event patterns") and, where the guide is silent, aws/event-ruler, the open-source matcher
 * EventBridge is built on. A pattern is compiled into a small typed tree (collecting every problem on the
 * way), then that tree is evaluated against the event. The implementation lives in ./eventPattern/:
 * compiledPattern.ts (the tree), compilePattern.ts and compileFilter.ts (validation and compilation, with
 * one file per involved operator: anythingBut, numeric, wildcard, cidr), matchPattern.ts and matchValue.ts
 * (evaluation).
 *
 * Known, deliberate differences from event-ruler (none documented by AWS as behaviour to rely on):
 * - Dotted keys are not joined: event-ruler treats `{"a": {"b": [..]}}` and `{"a.b": [..]}` as the same
 *   path, a quirk its README says "should not be relied upon".
 * - `exists: false` inside an array of objects is evaluated per element (the pattern matches if any
 *   element lacks the field); event-ruler's answer there depends on the order of the other fields.
 * - The "rule is too complex" limit on wildcard patterns is not enforced.
 */
import { compilePatternNode } from "./eventPattern/compilePattern.ts";
import { matchesPatternNode } from "./eventPattern/matchPattern.ts";

export type EventPattern = { readonly [key: string]: unknown };

export class InvalidEventPatternError extends Error {
  readonly code = "MESH.INVALID_EVENT_PATTERN";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid event pattern: ${problems.join("; ")}`);
    this.name = "InvalidEventPatternError";
    this.problems = problems;
  }
}

/** True when `event` matches `pattern`; throws {@link InvalidEventPatternError} if the pattern is malformed. */
export function matchEventPattern(pattern: EventPattern, event: unknown): boolean {
  const problems: string[] = [];
  const root = compilePatternNode(pattern, "", problems);
  if (problems.length > 0) {
    throw new InvalidEventPatternError(problems);
  }
  return matchesPatternNode(root, event);
}

/** Human-readable problems with `pattern`, or `[]` when EventBridge would accept it. */
export function validateEventPattern(pattern: unknown): string[] {
  const problems: string[] = [];
  compilePatternNode(pattern, "", problems);
  return problems;
}
