/** Tests one leaf value of the event against one compiled {@link ValueMatcher}. */
import { isInCidrBlock } from "./cidr.ts";
import type { ValueMatcher } from "./compiledPattern.ts";
import { assertNever } from "./guards.ts";
import { satisfiesNumericCondition } from "./numeric.ts";
import { matchesWildcard } from "./wildcard.ts";

export function matchesValue(matcher: ValueMatcher, value: unknown): boolean {
  switch (matcher.kind) {
    case "exact":
      // Strict equality: the string "5" is not the number 5, and "" is not null; 5 and 5.0 are the same.
      return value === matcher.value;
    case "prefix":
      return typeof value === "string" && applyCaseRule(matcher, value).startsWith(matcher.value);
    case "suffix":
      return typeof value === "string" && applyCaseRule(matcher, value).endsWith(matcher.value);
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === matcher.value;
    case "wildcard":
      return typeof value === "string" && matchesWildcard(matcher.segments, value);
    case "numeric":
      // Numeric filters only apply to JSON numbers; the string "300" never matches.
      return (
        typeof value === "number" &&
        matcher.conditions.every((condition) => satisfiesNumericCondition(condition, value))
      );
    case "cidr":
      return typeof value === "string" && isInCidrBlock(matcher.block, value);
    case "anything-but":
      // Any present leaf that is not excluded matches, including null, booleans and values of another type
      // (anything-but "x" matches null; anything-but {prefix: "x"} matches 12).
      return !matcher.excluded.some((excluded) => matchesValue(excluded, value));
    default:
      return assertNever(matcher);
  }
}

/** The event value as the matcher compares it: lower-cased when the matcher ignores case. */
function applyCaseRule(matcher: { readonly ignoreCase: boolean }, value: string): string {
  return matcher.ignoreCase ? value.toLowerCase() : value;
}
