/**
 * `npm run iam:record`: runs the test files that make AWS SDK calls with the recorder writing
 * each file's IAM requests (tests/setup/recordAwsCalls.ts), then rewrites the committed list
 * tests/iam/recordedRequests.json that the grant mutation test and `npm run iam:report`
 * evaluate. Run it after adding or changing an AWS call. `npm run iam:record -- <test files>`
 * re-records only those files' requests and keeps the others'.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { byShape, type RecordedRequest } from "../tests/iam/recordedRequests.ts";
import { loadRequestList, REQUEST_LIST } from "../tests/iam/requestList.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** A test file that calls AWS: it names an SDK client or the mock, or a test helper that does. */
const CALLS_AWS = /@aws-sdk\/client-|aws-sdk-client-mock|\/testing\/|TestKit|\bfake[A-Z]\w*/;

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.ts") && !file.includes("node_modules"))
    .map((file) => join(dir, file))
    .filter(
      (file) => !file.startsWith("tests/e2e/") && CALLS_AWS.test(readFileSync(join(ROOT, file), "utf8")),
    );
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : ["packages", "tests", "runtime", "scripts"].flatMap(testFiles);
const out = mkdtempSync(join(tmpdir(), "bbws-iam-"));
const run = spawnSync("npx", ["vitest", "run", ...files], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, BBWS_IAM_RECORD: out },
});
const requests: RecordedRequest[] = readdirSync(out).flatMap(
  (name) => JSON.parse(readFileSync(join(out, name), "utf8")) as RecordedRequest[],
);
rmSync(out, { recursive: true, force: true });
if (run.status !== 0) {
  process.stderr.write(
    `iam:record: the test run failed (exit ${run.status}); ${REQUEST_LIST} left as it was\n`,
  );
  process.exit(1);
}
const kept = only.length > 0 ? loadRequestList().filter((entry) => !only.includes(entry.testFile)) : [];
const list = byShape([...kept, ...requests]);
writeFileSync(join(ROOT, REQUEST_LIST), `[\n${list.map((entry) => JSON.stringify(entry)).join(",\n")}\n]\n`);
process.stdout.write(
  `iam:record: ${list.length} requests from ${files.length} test files -> ${REQUEST_LIST}\n`,
);
