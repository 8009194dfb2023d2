import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RecordedRequest, shapeKey } from "./recordedRequests.ts";

/**
 * The committed list of every IAM request the recorded calls need (written by
 * `npm run iam:record`): what the grant mutation test and `npm run iam:report` evaluate.
 */
export const REQUEST_LIST = "tests/iam/recordedRequests.json";
const PATH = fileURLToPath(new URL("./recordedRequests.json", import.meta.url));

export function loadRequestList(): RecordedRequest[] {
  return existsSync(PATH) ? (JSON.parse(readFileSync(PATH, "utf8")) as RecordedRequest[]) : [];
}

export function missingFromList(
  requests: readonly RecordedRequest[],
  list: readonly RecordedRequest[],
): RecordedRequest[] {
  const known = new Set(list.map(shapeKey));
  return requests.filter((entry) => !known.has(shapeKey(entry)));
}
