/**
 * The compiled form of an event pattern: a small typed tree produced by `compilePatternNode` and walked by
 * `matchesPatternNode`.
 */
import type { BlockList } from "node:net";

export type Scalar = string | number | boolean | null;

export const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;
export type NumericOperator = (typeof NUMERIC_OPERATORS)[number];

export interface NumericCondition {
  readonly operator: NumericOperator;
  readonly bound: number;
}

/** A test applied to one leaf value of the event. */
export type ValueMatcher =
  | { readonly kind: "exact"; readonly value: Scalar }
  | { readonly kind: "prefix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "suffix"; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: "equals-ignore-case"; readonly value: string }
  | { readonly kind: "wildcard"; readonly segments: readonly string[] }
  | { readonly kind: "numeric"; readonly conditions: readonly NumericCondition[] }
  | { readonly kind: "cidr"; readonly block: BlockList }
  | { readonly kind: "anything-but"; readonly excluded: readonly ValueMatcher[] };

/** `exists` looks at whether the field has leaf values at all, so it is not a per-value test. */
export type Matcher = ValueMatcher | { readonly kind: "exists"; readonly present: boolean };

export type FieldRule =
  | { readonly kind: "leaf"; readonly key: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: "nested"; readonly key: string; readonly node: PatternNode };

export interface PatternNode {
  readonly fields: readonly FieldRule[];
  /** From `$or`; empty when the object has no `$or`. */
  readonly alternatives: readonly PatternNode[];
}

export const EMPTY_NODE: PatternNode = { fields: [], alternatives: [] };

/** The content-filter operators accepted in a leaf array, e.g. `[{ "prefix": "a" }]`. Case-sensitive. */
export const OPERATORS = [
  "prefix",
  "suffix",
  "equals-ignore-case",
  "wildcard",
  "anything-but",
  "exists",
  "numeric",
  "cidr",
] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operators accepted inside `anything-but`, e.g. `{ "anything-but": { "prefix": "a" } }`. */
export const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;
export type AnythingButOperator = (typeof ANYTHING_BUT_OPERATORS)[number];
