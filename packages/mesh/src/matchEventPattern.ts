/**
 * Amazon EventBridge event-pattern matching, for routing events locally exactly as a rule on the bus would.
 *
 * Semantics follow the EventBridge user guide ("Creating event patterns", "Content filtering in Amazon
 * EventBridge event patterns") and, where the guide is silent, aws/event-ruler, the open-source matcher
 * EventBridge is built on. A pattern is compiled into a small typed tree (collecting every problem on the
 * way), then that tree is evaluated against the event.
 *
 * Known, deliberate differences from event-ruler (none documented by AWS as behaviour to rely on):
 * - Dotted keys are not joined: event-ruler treats `{"a": {"b": [..]}}` and `{"a.b": [..]}` as the same
 *   path, a quirk its README says "should not be relied upon".
 * - `exists: false` inside an array of objects is evaluated per element (the pattern matches if any
 *   element lacks the field); event-ruler's answer there depends on the order of the other fields.
 * - The "rule is too complex" limit on wildcard patterns is not enforced.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";

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
  const root = compileNode(pattern, "", problems);
  if (problems.length > 0) {
    throw new InvalidEventPatternError(problems);
  }
  return matchesNode(root, event);
}

/** Human-readable problems with `pattern`, or `[]` when EventBridge would accept it. */
export function validateEventPattern(pattern: unknown): string[] {
  const problems: string[] = [];
  compileNode(pattern, "", problems);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------------------------------------

type Scalar = string | number | boolean | null;

const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;
type NumericOperator = (typeof NUMERIC_OPERATORS)[number];

interface NumericCondition {
  readonly operator: NumericOperator;
  readonly bound: number;
}

/** A test applied to one leaf value of the event. */
type ValueMatcher =
  | { readonly kind: "exact"; readonly value: Scalar }
  | { readonly kind: "prefix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "suffix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "equals-ignore-case"; readonly value: string }
  | { readonly kind: "wildcard"; readonly segments: readonly string[] }
  | { readonly kind: "numeric"; readonly conditions: readonly NumericCondition[] }
  | { readonly kind: "cidr"; readonly block: BlockList }
  | { readonly kind: "anything-but"; readonly excluded: readonly ValueMatcher[] };

/** `exists` looks at whether the field has leaf values at all, so it is not a per-value test. */
type Matcher = ValueMatcher | { readonly kind: "exists"; readonly present: boolean };

type FieldRule =
  | { readonly kind: "leaf"; readonly key: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: "nested"; readonly key: string; readonly node: PatternNode };

interface PatternNode {
  readonly fields: readonly FieldRule[];
  /** From `$or`; empty when the object has no `$or`. */
  readonly alternatives: readonly PatternNode[];
}

const EMPTY_NODE: PatternNode = { fields: [], alternatives: [] };

const OPERATORS = [
  "prefix",
  "suffix",
  "equals-ignore-case",
  "wildcard",
  "anything-but",
  "exists",
  "numeric",
  "cidr",
] as const;
type Operator = (typeof OPERATORS)[number];

const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;
type AnythingButOperator = (typeof ANYTHING_BUT_OPERATORS)[number];

// ---------------------------------------------------------------------------------------------------------
// Compilation and validation
// ---------------------------------------------------------------------------------------------------------

function compileNode(pattern: unknown, path: string, problems: string[]): PatternNode {
  if (!isRecord(pattern)) {
    problems.push(`${label(path)} must be a JSON object`);
    return EMPTY_NODE;
  }
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    // EventBridge: "Empty objects are not allowed" — at the top level and at every nesting level.
    problems.push(`${label(path)} must not be an empty object`);
  }
  const fields: FieldRule[] = [];
  let alternatives: PatternNode[] = [];
  for (const [key, value] of entries) {
    const fieldPath = join(path, key);
    if (key === "$or") {
      alternatives = compileOr(value, fieldPath, problems);
      continue;
    }
    const field = compileField(key, value, fieldPath, problems);
    if (field !== undefined) {
      fields.push(field);
    }
  }
  return { fields, alternatives };
}

function compileOr(value: unknown, path: string, problems: string[]): PatternNode[] {
  if (!Array.isArray(value) || value.length < 2) {
    problems.push(`${path} must be an array of at least two objects`);
    return [];
  }
  return value.map((alternative, index) => compileNode(alternative, `${path}[${index}]`, problems));
}

function compileField(key: string, value: unknown, path: string, problems: string[]): FieldRule | undefined {
  if (Array.isArray(value)) {
    return { kind: "leaf", key, matchers: compileLeaf(value, path, problems) };
  }
  if (isRecord(value)) {
    return { kind: "nested", key, node: compileNode(value, path, problems) };
  }
  problems.push(`${path} must be an object or an array, got ${JSON.stringify(value)}`);
  return undefined;
}

function compileLeaf(values: readonly unknown[], path: string, problems: string[]): Matcher[] {
  if (values.length === 0) {
    problems.push(`${path} must not be an empty array`);
  }
  const matchers: Matcher[] = [];
  values.forEach((value, index) => {
    const matcher = compileLeafValue(value, `${path}[${index}]`, problems);
    if (matcher !== undefined) {
      matchers.push(matcher);
    }
  });
  return matchers;
}

function compileLeafValue(value: unknown, path: string, problems: string[]): Matcher | undefined {
  if (isScalar(value)) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      problems.push(`${path} must be a finite number`);
      return undefined;
    }
    return { kind: "exact", value };
  }
  if (isRecord(value)) {
    return compileFilter(value, path, problems);
  }
  problems.push(`${path} must be a string, number, boolean, null or a content filter object`);
  return undefined;
}

function compileFilter(
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
      if (typeof arg !== "boolean") {
        problems.push(`${path} must be true or false`);
        return undefined;
      }
      return { kind: "exists", present: arg };
    case "numeric":
      return compileNumeric(arg, path, problems);
    case "cidr":
      return compileCidr(arg, path, problems);
    default:
      return assertNever(name);
  }
}

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

function compileAnythingBut(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
  if (typeof arg === "string" || (typeof arg === "number" && Number.isFinite(arg))) {
    return { kind: "anything-but", excluded: [{ kind: "exact", value: arg }] };
  }
  if (Array.isArray(arg)) {
    // EventBridge only accepts a non-empty list of all strings or all numbers here (no null, no booleans).
    const allStrings = arg.every((item) => typeof item === "string");
    const allNumbers = arg.every((item) => typeof item === "number" && Number.isFinite(item));
    if (arg.length === 0 || !(allStrings || allNumbers)) {
      problems.push(`${path} list must be non-empty and hold only strings or only numbers`);
      return undefined;
    }
    const values: readonly (string | number)[] = arg;
    return { kind: "anything-but", excluded: values.map((value) => ({ kind: "exact", value })) };
  }
  if (isRecord(arg)) {
    return compileAnythingButFilter(arg, path, problems);
  }
  problems.push(
    `${path} must be a string, a number, a list of them, or a prefix/suffix/equals-ignore-case/wildcard`,
  );
  return undefined;
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
    const matcher = compileExcluded(name, text, namePath, problems);
    if (matcher !== undefined) {
      excluded.push(matcher);
    }
  }
  return { kind: "anything-but", excluded };
}

function compileExcluded(
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

/** Splits a wildcard pattern into the literal runs between its unescaped `*`s. */
function compileWildcard(arg: unknown, path: string, problems: string[]): string[] | undefined {
  const text = requireString(arg, path, problems);
  if (text === undefined) {
    return undefined;
  }
  const segments: string[] = [];
  let current = "";
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    const next = text.charAt(index + 1);
    if (char === "*" && next === "*") {
      problems.push(`${path} has consecutive wildcard characters at position ${index}`);
      return undefined;
    }
    if (char === "\\" && next !== "*" && next !== "\\") {
      // Only `\*` and `\\` are escapes; EventBridge rejects any other backslash.
      problems.push(`${path} has an invalid escape character at position ${index}`);
      return undefined;
    }
    if (char === "*") {
      segments.push(current);
      current = "";
    } else {
      current += char === "\\" ? next : char;
    }
    index += char === "\\" ? 2 : 1;
  }
  segments.push(current);
  return segments;
}

function compileNumeric(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
  if (!Array.isArray(arg)) {
    problems.push(`${path} must be an array such as [">", 0, "<=", 5]`);
    return undefined;
  }
  const conditions: NumericCondition[] = [];
  for (let index = 0; index < arg.length; index += 2) {
    const operator: unknown = arg[index];
    const bound: unknown = arg[index + 1];
    if (typeof operator !== "string" || !isOneOf(NUMERIC_OPERATORS, operator)) {
      problems.push(`${path}[${index}] is not a numeric operator: ${JSON.stringify(operator)}`);
      return undefined;
    }
    if (typeof bound !== "number" || !Number.isFinite(bound)) {
      problems.push(`${path}[${index + 1}]: value of ${operator} must be a number`);
      return undefined;
    }
    conditions.push({ operator, bound });
  }
  const shapeProblem = numericShapeProblem(conditions);
  if (shapeProblem !== undefined) {
    problems.push(`${path} ${shapeProblem}`);
    return undefined;
  }
  return { kind: "numeric", conditions };
}

/** EventBridge accepts one comparison, or a range written as a lower bound (`>`/`>=`) then an upper (`<`/`<=`). */
function numericShapeProblem(conditions: readonly NumericCondition[]): string | undefined {
  const [lower, upper, extra] = conditions;
  if (lower === undefined) {
    return "must hold at least one comparison";
  }
  if (upper === undefined) {
    return undefined;
  }
  if (extra !== undefined) {
    return "must hold at most two comparisons";
  }
  const isRange =
    (lower.operator === ">" || lower.operator === ">=") &&
    (upper.operator === "<" || upper.operator === "<=");
  if (!isRange) {
    return `with two comparisons must be ">"/">=" then "<"/"<=", got "${lower.operator}" then "${upper.operator}"`;
  }
  if (lower.bound >= upper.bound) {
    return `has a lower bound ${lower.bound} that is not below the upper bound ${upper.bound}`;
  }
  return undefined;
}

function compileCidr(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
  const text = requireString(arg, path, problems);
  if (text === undefined) {
    return undefined;
  }
  const [address = "", maskText = "", ...rest] = text.split("/");
  const family = ipFamily(address);
  if (rest.length > 0 || !text.includes("/")) {
    problems.push(`${path} is a malformed CIDR, exactly one "/" is required`);
  } else if (family === undefined) {
    problems.push(`${path} has an invalid IP address "${address}"`);
  } else if (!/^\d+$/.test(maskText)) {
    problems.push(`${path} mask bits must be an integer`);
  } else if (Number(maskText) > (family === "ipv4" ? 31 : 127)) {
    // event-ruler rejects /32 and /128 (a single address is written as a plain string value instead).
    problems.push(`${path} mask bits must be below ${family === "ipv4" ? 32 : 128}`);
  } else {
    const block = new BlockList();
    block.addSubnet(address, Number(maskText), family);
    return { kind: "cidr", block };
  }
  return undefined;
}

function requireString(arg: unknown, path: string, problems: string[]): string | undefined {
  if (typeof arg !== "string") {
    problems.push(`${path} must be a string`);
    return undefined;
  }
  return arg;
}

// ---------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------

function matchesNode(node: PatternNode, target: unknown): boolean {
  const fieldsMatch = node.fields.every((field) => matchesField(field, fieldOf(target, field.key)));
  if (!fieldsMatch) {
    return false;
  }
  return (
    node.alternatives.length === 0 ||
    node.alternatives.some((alternative) => matchesNode(alternative, target))
  );
}

function matchesField(field: FieldRule, value: unknown): boolean {
  switch (field.kind) {
    case "leaf": {
      const values = leafValues(value);
      return field.matchers.some((matcher) => matchesLeaf(matcher, values));
    }
    case "nested": {
      // A nested pattern matches if any object in an event array matches it (each element on its own, so
      // two fields are never satisfied by two different elements). With no object at all, the nested
      // fields are simply absent — which `exists: false` must still be able to match.
      const objects = objectsIn(value);
      const targets = objects.length > 0 ? objects : [undefined];
      return targets.some((target) => matchesNode(field.node, target));
    }
    default:
      return assertNever(field);
  }
}

function matchesLeaf(matcher: Matcher, values: readonly unknown[]): boolean {
  if (matcher.kind === "exists") {
    // Exists only looks at leaf values: a present `null` exists (AWS's TestEventPattern agrees), while an
    // object or an empty array does not, as the guide's `"c-count": { "c1": 100 }` example shows.
    const present = values.length > 0;
    return present === matcher.present;
  }
  // Every other filter needs a value to test, so a missing field never matches — not even anything-but.
  return values.some((value) => matchesValue(matcher, value));
}

function matchesValue(matcher: ValueMatcher, value: unknown): boolean {
  switch (matcher.kind) {
    case "exact":
      // Strict equality: the string "5" is not the number 5, and "" is not null; 5 and 5.0 are the same.
      return value === matcher.value;
    case "prefix":
      return typeof value === "string" && caseFor(matcher, value).startsWith(matcher.value);
    case "suffix":
      return typeof value === "string" && caseFor(matcher, value).endsWith(matcher.value);
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === matcher.value;
    case "wildcard":
      return typeof value === "string" && matchesWildcard(matcher.segments, value);
    case "numeric":
      // Numeric filters only apply to JSON numbers; the string "300" never matches.
      return typeof value === "number" && matcher.conditions.every((condition) => compare(condition, value));
    case "cidr":
      return typeof value === "string" && inCidr(matcher.block, value);
    case "anything-but":
      // Any present leaf that is not excluded matches, including null, booleans and values of another type
      // (anything-but "x" matches null; anything-but {prefix: "x"} matches 12).
      return !matcher.excluded.some((excluded) => matchesValue(excluded, value));
    default:
      return assertNever(matcher);
  }
}

function caseFor(matcher: { readonly ignoreCase: boolean }, value: string): string {
  return matcher.ignoreCase ? value.toLowerCase() : value;
}

function compare(condition: NumericCondition, value: number): boolean {
  switch (condition.operator) {
    case "=":
      return value === condition.bound;
    case "<":
      return value < condition.bound;
    case "<=":
      return value <= condition.bound;
    case ">":
      return value > condition.bound;
    case ">=":
      return value >= condition.bound;
    default:
      return assertNever(condition.operator);
  }
}

/** Leftmost-first glob matching: linear in the text, unlike a backtracking regular expression. */
function matchesWildcard(segments: readonly string[], text: string): boolean {
  const first = segments[0] ?? "";
  if (segments.length === 1) {
    return text === first;
  }
  const last = segments[segments.length - 1] ?? "";
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) {
    return false;
  }
  const end = text.length - last.length;
  let cursor = first.length;
  for (const middle of segments.slice(1, -1)) {
    const found = text.indexOf(middle, cursor);
    if (found === -1 || found + middle.length > end) {
      return false;
    }
    cursor = found + middle.length;
  }
  return true;
}

function inCidr(block: BlockList, value: string): boolean {
  const family = ipFamily(value);
  return family !== undefined && block.check(value, family);
}

// ---------------------------------------------------------------------------------------------------------
// Event traversal and helpers
// ---------------------------------------------------------------------------------------------------------

function fieldOf(target: unknown, key: string): unknown {
  return isRecord(target) && Object.hasOwn(target, key) ? target[key] : undefined;
}

/** The leaf values of a field: arrays (however deeply nested) are flattened; objects are not leaves. */
function leafValues(value: unknown): unknown[] {
  if (value === undefined || isRecord(value)) {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap(leafValues);
  }
  return [value];
}

/** The objects a nested pattern is tried against: the value itself, or the objects in an event array. */
function objectsIn(value: unknown): unknown[] {
  if (isRecord(value)) {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(objectsIn);
  }
  return [];
}

function ipFamily(address: string): "ipv4" | "ipv6" | undefined {
  if (isIPv4(address)) {
    return "ipv4";
  }
  return isIPv6(address) ? "ipv6" : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
  );
}

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function label(path: string): string {
  return path === "" ? "the event pattern" : path;
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
