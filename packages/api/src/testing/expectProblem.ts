import { expect } from "vitest";
import { PROBLEMS, type ProblemCode } from "../domain/problemTable.ts";
import { ProblemSchema } from "../domain/viewSchemas.ts";

interface ResponseLike {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** A valid application/problem+json answer with the status the one table gives `code`. */
export function expectProblem(response: ResponseLike, code: ProblemCode) {
  expect(response.headers["content-type"], response.text).toBe("application/problem+json; charset=utf-8");
  const problem = ProblemSchema.parse(JSON.parse(response.text));
  expect(problem.code, response.text).toBe(code);
  expect(response.status).toBe(PROBLEMS[code].status);
  expect(problem.status).toBe(response.status);
  return problem;
}

/** Any 4xx must be a valid problem document whose status matches its code. */
export function isValidProblem(response: ResponseLike): boolean {
  if (!response.headers["content-type"]?.startsWith("application/problem+json")) return false;
  const parsed = ProblemSchema.safeParse(JSON.parse(response.text));
  if (!parsed.success) return false;
  const entry = PROBLEMS[parsed.data.code as ProblemCode];
  return entry !== undefined && entry.status === response.status && parsed.data.status === response.status;
}
