/** Compiles a content-filter object in a leaf array, such as `{ "prefix": "a" }`, into a matcher. */
import { compileAnythingBut } from "./anythingBut.ts";
import { compileCidr } from "./cidr.ts";
import { type Matcher, OPERATORS, type Operator, type ValueMatcher } from "./compiledPattern.ts";
import { assertNever, isOneOf, isRecord } from "./guards.ts";
import { compileNumeric } from "./numeric.ts";
import { requireString } from "./problems.ts";
import { compileWildcard } from "./wildcard.ts";

export function compileFilter(
  filter: Record<string, unknown>,
  path: string,
  problems: string[],
): Matcher | undefined {
  const names = Object.keys(filter);
  const name = names[0];
  if (name === undefined || names.length > 1) {
    problems.push(`${path} must have exactly one operator, got ${names.length}`);
    return undefined;
  }
  if (!isOneOf(OPERATORS, name)) {
    // Operator names are case-sensitive in EventBridge: "EXISTS" or "NUMERIC" are rejected.
    problems.push(`${path} has unknown operator "${name}"`);
    return undefined;
  }
  return compileOperator(name, filter[name], `${path}.${name}`, problems);
}

function compileOperator(
  name: Operator,
  arg: unknown,
  path: string,
  problems: string[],
): Matcher | undefined {
  switch (name) {
    case "prefix":
    case "suffix":
      return compileAffix(name, arg, path, problems);
    case "equals-ignore-case": {
      const text = requireString(arg, path, problems);
      return text === undefined ? undefined : { kind: "equals-ignore-case", value: text.toLowerCase() };
    }
    case "wildcard": {
      const segments = compileWildcard(arg, path, problems);
      return segments === undefined ? undefined : { kind: "wildcard", segments };
    }
    case "anything-but":
      return compileAnythingBut(arg, path, problems);
    case "exists":
      return compileExists(arg, path, problems);
    case "numeric":
      return compileNumeric(arg, path, problems);
    case "cidr":
      return compileCidr(arg, path, problems);
    default:
      return assertNever(name);
  }
}

/** `prefix` or `suffix`: a string, or `{ "equals-ignore-case": string }` to compare case-insensitively. */
function compileAffix(
  kind: "prefix" | "suffix",
  arg: unknown,
  path: string,
  problems: string[],
): ValueMatcher | undefined {
  if (isRecord(arg)) {
    const names = Object.keys(arg);
    if (names.length !== 1 || names[0] !== "equals-ignore-case") {
      problems.push(`${path} accepts a string or { "equals-ignore-case": string }`);
      return undefined;
    }
    const text = requireString(arg["equals-ignore-case"], `${path}.equals-ignore-case`, problems);
    return text === undefined ? undefined : { kind, value: text.toLowerCase(), ignoreCase: true };
  }
  const text = requireString(arg, path, problems);
  return text === undefined ? undefined : { kind, value: text, ignoreCase: false };
}

function compileExists(arg: unknown, path: string, problems: string[]): Matcher | undefined {
  if (typeof arg !== "boolean") {
    problems.push(`${path} must be true or false`);
    return undefined;
  }
  return { kind: "exists", present: arg };
}
