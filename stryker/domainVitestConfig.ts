import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The vitest config of one domain's mutation run: only that package's own tests. Stryker's own
 * `testFiles` option is not used to pick them: with it, Stryker reports mutants of module-level
 * constants as survivors (it cannot see them covered), so the choice is made here, by `include`.
 */
export function domainVitestConfig(include: readonly string[], exclude: readonly string[] = []) {
  return defineConfig({
    test: {
      // The repo root (the sandbox's, when Stryker runs): the include globs are relative to it.
      root: fileURLToPath(new URL("..", import.meta.url)),
      include: [...include],
      exclude: ["**/node_modules/**", ...exclude],
      testTimeout: 20_000,
      allowOnly: false,
      passWithNoTests: false,
    },
  });
}
