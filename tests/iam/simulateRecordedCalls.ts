import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { principalName } from "./policies.ts";
import type { RecordedCall } from "./recordedCall.ts";
import { byShape, type RecordedRequest, toRecordedRequests } from "./recordedRequests.ts";
import { loadRequestList, missingFromList, REQUEST_LIST } from "./requestList.ts";
import { simulateRequest } from "./simulateRequest.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const describeRequest = (entry: RecordedRequest): string =>
  `${principalName(entry.principal)}: ${entry.action} on ${entry.resource}${entry.implied ? ` (${entry.implied})` : ""}\n` +
  `    context ${JSON.stringify(entry.context)}\n    called at ${entry.callSite} (${entry.command}), recorded by ${entry.testFile}`;

/**
 * A test file's recorded calls, simulated: any implicit or explicit deny fails the file, and
 * so does a request missing from the committed list (tests/iam/recordedRequests.json) that
 * the mutation test and `npm run iam:report` read. With BBWS_IAM_RECORD=<dir> set
 * (`npm run iam:record`), the file's requests are written there to rebuild that list.
 */
export async function simulateRecordedCalls(calls: readonly RecordedCall[]): Promise<void> {
  const started = performance.now();
  const requests = toRecordedRequests(calls, ROOT);
  if (requests.length === 0) return;
  const denied: string[] = [];
  for (const entry of requests) {
    const { decision } = await simulateRequest(entry.principal, entry);
    if (decision !== "Allowed") denied.push(`${decision}: ${describeRequest(entry)}`);
  }
  if (process.env.BBWS_IAM_TIMING)
    process.stderr.write(
      `iam-timing ${requests[0]!.testFile} calls=${calls.length} requests=${requests.length} ms=${Math.round(performance.now() - started)}\n`,
    );
  const recordDir = process.env.BBWS_IAM_RECORD;
  if (recordDir) {
    mkdirSync(recordDir, { recursive: true });
    const name = requests[0]!.testFile.replace(/[^\w.-]+/g, "_");
    writeFileSync(`${recordDir}/${name}.json`, JSON.stringify(byShape(requests)));
  }
  if (denied.length > 0)
    throw new Error(`IAM denies ${denied.length} recorded request(s):\n${denied.join("\n")}`);
  const missing = recordDir ? [] : missingFromList(requests, loadRequestList());
  if (missing.length > 0)
    throw new Error(
      `${missing.length} IAM request(s) are not in ${REQUEST_LIST}; run \`npm run iam:record\`:\n` +
        missing.map(describeRequest).join("\n"),
    );
}
