import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

/**
 * The unit tests: every test that needs no server of its own (no MariaDB, no PHP/WordPress,
 * no DynamoDB Local), run by `npm run test:node24` on the Lambda runtime's Node major (CI runs the whole suite there: `test:future:node24`).
 * A new test is included by default; one that needs a server goes in NEEDS_A_SERVER.
 * Without the DynamoDB Local globalSetup, a test that `inject`s its endpoint fails loudly here.
 */
const NEEDS_A_SERVER = [
  // DynamoDB Local: found by what they ask for (below), so a new one cannot slip in.
  ...testFilesContaining('inject("dynamoEndpoint")'),
  // MariaDB (and DynamoDB Local for the AWS storage provider)
  "packages/storage/src/adapters/aws/createAwsStorage*.test.ts",
  "packages/storage/src/adapters/local/createLocalStorage*.test.ts",
  "packages/storage/src/adapters/sql/*.test.ts",
  "runtime/ensureMariaDb.test.ts",
  "tests/orphanScan.test.ts",
  // PHP serving WordPress (procStat reads a real php process's /proc entry)
  "packages/compute/src/adapters/local/createLocalCompute*.test.ts",
  "packages/compute/src/adapters/local/procStat.test.ts",
  "packages/compute/src/adapters/local/killLocalTenantGroups.test.ts",
  // the whole local stack
  "tests/e2e/**",
  "tests/restart.test.ts",
];

export default mergeConfig(
  { ...base, test: { ...base.test, globalSetup: [] } },
  defineConfig({ test: { exclude: [...configDefaults.exclude, ...NEEDS_A_SERVER] } }),
);

function testFilesContaining(text: string): string[] {
  return ["packages", "runtime", "tests", "scripts"].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: "utf8" })
      .map((file) => join(root, file))
      .filter((file) => file.endsWith(".test.ts") && !file.includes("node_modules"))
      .filter((file) => readFileSync(file, "utf8").includes(text)),
  );
}
