/**
 * The `anything-but` filter: a value, a list of values, or one of prefix/suffix/equals-ignore-case/wildcard
 * (each taking a string or a list of strings) that a present leaf value must not match.
 */
import { ANYTHING_BUT_OPERATORS, type AnythingButOperator, type ValueMatcher } from "./compiledPattern.ts";
import { assertNever, isOneOf, isRecord } from "./guards.ts";
import { compileWildcard } from "./wildcard.ts";

export function compileAnythingBut(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
  if (typeof arg === "string" || (typeof arg === "number" && Number.isFinite(arg))) {
    return { kind: "anything-but", excluded: [{ kind: "exact", value: arg }] };
  }
  if (Array.isArray(arg)) {
    return compileExcludedValues(arg, path, problems);
  }
  if (isRecord(arg)) {
    return compileAnythingButFilter(arg, path, problems);
  }
  problems.push(
    `${path} must be a string, a number, a list of them, or a prefix/suffix/equals-ignore-case/wildcard`,
  );
  return undefined;
}

function compileExcludedValues(
  values: readonly unknown[],
  path: string,
  problems: string[],
): ValueMatcher | undefined {
  // EventBridge only accepts a non-empty list of all strings or all numbers here (no null, no booleans).
  const allStrings = values.every((item) => typeof item === "string");
  const allNumbers = values.every((item) => typeof item === "number" && Number.isFinite(item));
  if (values.length === 0 || !(allStrings || allNumbers)) {
    problems.push(`${path} list must be non-empty and hold only strings or only numbers`);
    return undefined;
  }
  const excluded = values as readonly (string | number)[];
  return { kind: "anything-but", excluded: excluded.map((value) => ({ kind: "exact", value })) };
}

function compileAnythingButFilter(
  filter: Record<string, unknown>,
  path: string,
  problems: string[],
): ValueMatcher | undefined {
  const names = Object.keys(filter);
  const name = names[0];
  if (name === undefined || names.length > 1 || !isOneOf(ANYTHING_BUT_OPERATORS, name)) {
    problems.push(`${path} accepts exactly one of ${ANYTHING_BUT_OPERATORS.join(", ")}`);
    return undefined;
  }
  const namePath = `${path}.${name}`;
  const arg = filter[name];
  // Unlike the top-level operators, these accept a list of strings (any one of them excludes the value).
  const texts = Array.isArray(arg) ? arg : [arg];
  if (texts.length === 0 || !texts.every((text) => typeof text === "string")) {
    problems.push(`${namePath} must be a string or a non-empty list of strings`);
    return undefined;
  }
  const excluded: ValueMatcher[] = [];
  for (const text of texts) {
    const matcher = compileExcludedFilter(name, text, namePath, problems);
    if (matcher !== undefined) {
      excluded.push(matcher);
    }
  }
  return { kind: "anything-but", excluded };
}

function compileExcludedFilter(
  name: AnythingButOperator,
  text: string,
  path: string,
  problems: string[],
): ValueMatcher | undefined {
  switch (name) {
    case "prefix":
    case "suffix":
      if (text === "") {
        // EventBridge: "Null prefix/suffix not allowed" inside anything-but (a plain prefix "" is fine).
        problems.push(`${path} must not be an empty string`);
        return undefined;
      }
      return { kind: name, value: text, ignoreCase: false };
    case "equals-ignore-case":
      return { kind: "equals-ignore-case", value: text.toLowerCase() };
    case "wildcard": {
      const segments = compileWildcard(text, path, problems);
      return segments === undefined ? undefined : { kind: "wildcard", segments };
    }
    default:
      return assertNever(name);
  }
}
