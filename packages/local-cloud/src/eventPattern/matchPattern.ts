/** Walks an event against a compiled {@link PatternNode}: fields, nested objects, arrays and `$or`. */
import type { FieldRule, Matcher, PatternNode } from "./compiledPattern.ts";
import { assertNever, isRecord } from "./guards.ts";
import { matchesValue } from "./matchValue.ts";

export function matchesPatternNode(node: PatternNode, target: unknown): boolean {
  const fieldsMatch = node.fields.every((field) => matchesField(field, fieldOf(target, field.key)));
  if (!fieldsMatch) {
    return false;
  }
  return (
    node.alternatives.length === 0 ||
    node.alternatives.some((alternative) => matchesPatternNode(alternative, target))
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
      return targets.some((target) => matchesPatternNode(field.node, target));
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
