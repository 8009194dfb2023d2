import type { z } from "zod";
import type { FieldError } from "./errors.ts";

type Issue = z.ZodError["issues"][number];
type Location = FieldError["in"];

/**
 * One entry per invalid field, each saying what to fix. zod's own messages are kept
 * where our schemas (and the contracts') set them; a missing field and an unknown field
 * get a message of their own because zod's defaults ("expected string, received
 * undefined") do not say it plainly.
 */
export function fieldErrors(issues: readonly Issue[], location: Location, input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = fieldName([...path, key], location);
        errors.push({ in: location, field, message: `${field} is not accepted here; remove it` });
      }
      continue;
    }
    const field = fieldName(path, location);
    const missing = issue.code !== "custom" && path.length > 0 && valueAt(input, path) === undefined;
    errors.push({ in: location, field, message: missing ? required(field, issue) : issue.message });
  }
  return mergeByField(errors);
}

/** An enum's message lists the choices: keep it after "is required". */
function required(field: string, issue: Issue): string {
  return issue.code === "invalid_value" ? `${field} is required: ${issue.message}` : `${field} is required`;
}

function fieldName(path: readonly string[], location: Location): string {
  return path.length === 0 ? location : path.join(".");
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One entry per field: several failed checks on a field are joined into one message. */
function mergeByField(errors: readonly FieldError[]): FieldError[] {
  const merged = new Map<string, FieldError>();
  for (const error of errors) {
    const key = `${error.in}\u0000${error.field}`;
    const previous = merged.get(key);
    if (!previous) merged.set(key, error);
    else if (!previous.message.split("; ").includes(error.message))
      merged.set(key, { ...previous, message: `${previous.message}; ${error.message}` });
  }
  return [...merged.values()];
}
