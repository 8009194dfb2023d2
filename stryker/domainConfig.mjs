/**
 * One Stryker run per domain: its own mutated files, its own tests (through its vitest config's
 * `include`), its own break threshold and its own committed incremental file, so a domain whose
 * code and tests did not change is re-checked in seconds. See stryker/README.md.
 *
 * @param {{ name: string, mutate: string[], breakAt: number }} domain
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function domainConfig({ name, mutate, breakAt }) {
  return {
    packageManager: "npm",
    plugins: ["@stryker-mutator/vitest-runner"],
    testRunner: "vitest",
    vitest: { configFile: `stryker/vitest.${name}.config.ts` },
    coverageAnalysis: "perTest",
    mutate,
    incremental: true,
    incrementalFile: `stryker/incremental/${name}.json`,
    thresholds: { high: 95, low: breakAt, break: breakAt },
    reporters: ["clear-text", "html", "json"],
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: ".stryker-tmp",
    // The sandbox needs the sources and configs only, not local data or build output.
    ignorePatterns: [".data", ".bbws", ".sst", ".cognito", "dist", "coverage", "reports", "docs", "bench"],
    timeoutMS: 10_000,
  };
}
