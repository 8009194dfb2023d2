/**
 * A small YAML writer for JSON data (the OpenAPI document): block mappings and
 * sequences, every string double-quoted. JSON's string escapes are valid in YAML's
 * double-quoted scalars, so no value can be misread (`yes`, `1.0`, `null`, `: `).
 */
export function toYaml(value: unknown): string {
  return `${render(value, 0).replace(/^\n/, "")}\n`;
}

const PLAIN_KEY = /^[A-Za-z_$/][A-Za-z0-9_$./{}-]*$/;

function key(name: string): string {
  return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(`cannot write ${typeof value} as YAML`);
}

/** Renders a value that follows a key or a dash: inline when scalar or empty, else on new lines. */
function render(value: unknown, indent: number): string {
  const pad = "  ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    return value.map((item) => `\n${pad}-${render(item, indent + 1).replace(/^\n\s*/, " ")}`).join("");
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return " {}";
    return entries.map(([name, item]) => `\n${pad}${key(name)}:${render(item, indent + 1)}`).join("");
  }
  return ` ${scalar(value)}`;
}
