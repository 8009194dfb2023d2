/** The `numeric` filter: one comparison, or a lower and an upper bound, applied to JSON numbers only. */
import { NUMERIC_OPERATORS, type NumericCondition, type ValueMatcher } from "./compiledPattern.ts";
import { assertNever, isOneOf } from "./guards.ts";

export function compileNumeric(arg: unknown, path: string, problems: string[]): ValueMatcher | undefined {
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

export function satisfiesNumericCondition(condition: NumericCondition, value: number): boolean {
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
