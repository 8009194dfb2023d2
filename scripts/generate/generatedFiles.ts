import { join } from "node:path";
import { renderEventCatalog } from "./renderEventCatalog.ts";
import { renderEventSchemas } from "./renderEventSchemas.ts";
import { renderStateDiagram } from "./renderStateDiagram.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const SCHEMAS_DIR = join(ROOT, "packages/contracts/schemas");

/** Every generated file, path relative to the repository root -> content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, content] of renderEventSchemas())
    files.set(`packages/contracts/schemas/${name}`, content);
  files.set("docs/events.md", renderEventCatalog(join(ROOT, "packages/contracts/fixtures")));
  files.set("docs/state-machine.md", renderStateDiagram());
  return files;
}
