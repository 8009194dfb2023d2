import { type CatalogEntry, EVENT_CATALOG, sourceOf } from "@bbws/contracts";
import { z } from "zod";

/** One JSON Schema (draft 2020-12) per event version: the whole EventBridge event. */
export function renderEventSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of EVENT_CATALOG)
    files.set(`${entry.name}.v${entry.version}.json`, renderEventSchema(entry));
  return files;
}

function renderEventSchema(entry: CatalogEntry): string {
  const sources = entry.producers.map(sourceOf);
  const eventSchema = z
    .object({
      source: sources.length === 1 ? z.literal(sources[0]) : z.enum(sources as [string, ...string[]]),
      "detail-type": z.literal(entry.name),
      detail: entry.detail,
    })
    .meta({ title: `${entry.name} v${entry.version}`, description: entry.description });
  const schema = z.toJSONSchema(eventSchema, { target: "draft-2020-12", io: "input" });
  return `${JSON.stringify({ $id: `https://schemas.bbws.dev/events/${entry.name}.v${entry.version}.json`, ...schema }, null, 2)}\n`;
}
