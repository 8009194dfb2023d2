import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { generatedFiles, ROOT, SCHEMAS_DIR } from "./generate/generatedFiles.ts";

/** `npm run generate` writes the generated files; `--check` fails when any is stale. */
const check = process.argv.includes("--check");
const files = generatedFiles();
const stale: string[] = [];

for (const [path, content] of files) {
  const absolute = join(ROOT, path);
  let current: string | undefined;
  try {
    current = readFileSync(absolute, "utf8");
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
}
for (const name of readdirSync(SCHEMAS_DIR, { withFileTypes: true })) {
  const path = `packages/contracts/schemas/${name.name}`;
  if (files.has(path)) continue;
  stale.push(`${path} (no longer generated)`);
  if (!check) rmSync(join(SCHEMAS_DIR, name.name));
}

if (check && stale.length > 0) {
  console.error(`Generated files are stale; run \`npm run generate\` and commit:\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
console.log(
  check ? `generated files are fresh (${files.size})` : `generated ${stale.length} of ${files.size} files`,
);
