import type { ProblemExtras } from "./errors.ts";
import { PROBLEMS, type ProblemCode, problemType } from "./problemTable.ts";

/** An RFC 9457 problem document for a code of the one table, with the request it answers. */
export function problemDocument(
  code: ProblemCode,
  detail: string,
  extras: ProblemExtras,
  request: { path: string; requestId: string },
) {
  const { status, title } = PROBLEMS[code];
  return {
    status,
    body: {
      type: problemType(code),
      title,
      status,
      detail,
      code,
      instance: request.path,
      requestId: request.requestId,
      ...extras,
    },
  };
}
