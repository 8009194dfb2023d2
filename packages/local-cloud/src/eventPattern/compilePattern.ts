/**
 * Validates an event pattern and compiles it into a {@link PatternNode} tree, collecting every problem
 * found on the way (an invalid part compiles to nothing, so the rest can still be checked).
 */

import { EMPTY_NODE, type FieldRule, type Matcher, type PatternNode } from "./compiledPattern.ts";
import { compileFilter } from "./compileFilter.ts";
import { isRecord, isScalar } from "./guards.ts";
import { childPath, describePath } from "./problems.ts";

export function compilePatternNode(pattern: unknown, path: string, problems: string[]): PatternNode {
  if (!isRecord(pattern)) {
    problems.push(`${describePath(path)} must be a JSON object`);
    return EMPTY_NODE;
  }
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    // EventBridge: "Empty objects are not allowed" — at the top level and at every nesting level.
    problems.push(`${describePath(path)} must not be an empty object`);
  }
  const fields: FieldRule[] = [];
  let alternatives: PatternNode[] = [];
  for (const [key, value] of entries) {
    const fieldPath = childPath(path, key);
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
  return value.map((alternative, index) => compilePatternNode(alternative, `${path}[${index}]`, problems));
}

function compileField(key: string, value: unknown, path: string, problems: string[]): FieldRule | undefined {
  if (Array.isArray(value)) {
    return { kind: "leaf", key, matchers: compileLeaf(value, path, problems) };
  }
  if (isRecord(value)) {
    return { kind: "nested", key, node: compilePatternNode(value, path, problems) };
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
