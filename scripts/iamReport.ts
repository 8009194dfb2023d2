/**
 * `npm run iam:report`: every IAM request the recorded calls need (tests/iam/recordedRequests.json,
 * from `npm run iam:record`) and the platform's, simulated against the IAM table as it is now:
 * role, action, resource, allowed, and which test recorded it (with the call site).
 */

import { platformRequests } from "../tests/iam/platformRequests.ts";
import { principalName } from "../tests/iam/policies.ts";
import type { RecordedRequest } from "../tests/iam/recordedRequests.ts";
import { loadRequestList, REQUEST_LIST } from "../tests/iam/requestList.ts";
import { simulateRequest } from "../tests/iam/simulateRequest.ts";

interface Row {
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly allowed: string;
  readonly recordedBy: string;
}

/** One row per role, action and resource; the tests that recorded it are counted, the first named. */
async function rows(requests: readonly RecordedRequest[]): Promise<Row[]> {
  const grouped = new Map<string, { entry: RecordedRequest; tests: Set<string> }>();
  for (const entry of requests) {
    const key = JSON.stringify([principalName(entry.principal), entry.action, entry.resource]);
    const group = grouped.get(key) ?? { entry, tests: new Set<string>() };
    group.tests.add(entry.testFile);
    grouped.set(key, group);
  }
  const result: Row[] = [];
  for (const { entry, tests } of grouped.values()) {
    const { decision } = await simulateRequest(entry.principal, entry);
    const [first] = tests;
    result.push({
      role: principalName(entry.principal),
      action: entry.implied ? `${entry.action} (${entry.implied})` : entry.action,
      resource: entry.resource,
      allowed: decision === "Allowed" ? "yes" : decision,
      recordedBy: `${first}${tests.size > 1 ? ` (+${tests.size - 1})` : ""} at ${entry.callSite}`,
    });
  }
  return result.sort((a, b) =>
    (a.role + a.action + a.resource).localeCompare(b.role + b.action + b.resource),
  );
}

function table(list: readonly Row[]): string {
  const header: Row = {
    role: "role",
    action: "action",
    resource: "resource",
    allowed: "allowed",
    recordedBy: "recorded by",
  };
  const columns = Object.keys(header) as (keyof Row)[];
  const width = (column: keyof Row) => Math.max(...[header, ...list].map((row) => row[column].length));
  const line = (row: Row) =>
    columns
      .map((column) => row[column].padEnd(width(column)))
      .join("  ")
      .trimEnd();
  return [line(header), ...list.map(line)].join("\n");
}

const recorded = loadRequestList();
if (recorded.length === 0) {
  process.stderr.write(`${REQUEST_LIST} is empty: run npm run iam:record first\n`);
  process.exit(2);
}
const list = await rows([...recorded, ...platformRequests()]);
process.stdout.write(`${table(list)}\n`);
const denied = list.filter((row) => row.allowed !== "yes").length;
process.stdout.write(`\n${list.length} requests, ${denied} denied\n`);
if (denied > 0) process.exitCode = 1;
