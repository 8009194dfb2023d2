import { PROBLEMS, type ProblemCode, problemType } from "../domain/problemTable.ts";

type Json = Record<string, unknown>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de}
.op{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:.2rem .8rem}
.op summary{cursor:pointer;padding:.4rem 0}.m{display:inline-block;min-width:4.2rem;font-weight:700}
.GET{color:#0969da}.POST{color:#1a7f37}.DELETE{color:#cf222e}code,pre{font:13px ui-monospace,monospace}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}.muted{color:#57606a}`;

/** Resolves `#/components/...` references for display, one level at a time (schemas can nest). */
function resolve(document: Json, value: unknown): unknown {
  const pointer = (value as { $ref?: unknown } | null)?.$ref;
  if (typeof pointer !== "string" || !pointer.startsWith("#/")) return value;
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

function schemaBlock(document: Json, schema: unknown): string {
  const name = ((schema as { $ref?: string } | null)?.$ref ?? "").split("/").pop();
  const body = JSON.stringify(resolve(document, schema), null, 2);
  return `<details><summary>${escapeHtml(name || "schema")}</summary><pre>${escapeHtml(body)}</pre></details>`;
}

function parameterRows(document: Json, parameters: unknown[]): string {
  if (parameters.length === 0) return "";
  const rows = parameters.map((entry) => {
    const parameter = resolve(document, entry) as Json;
    const schema = JSON.stringify(parameter.schema ?? {});
    return `<tr><td><code>${escapeHtml(String(parameter.name))}</code></td><td>${escapeHtml(String(parameter.in))}</td><td>${parameter.required ? "yes" : "no"}</td><td><code>${escapeHtml(schema)}</code></td></tr>`;
  });
  return `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>${rows.join("")}</table>`;
}

function operationBlock(document: Json, path: string, method: string, operation: Json): string {
  const verb = method.toUpperCase();
  const parameters = (operation.parameters as unknown[] | undefined) ?? [];
  const body = (operation.requestBody as Json | undefined)?.content as Json | undefined;
  const bodySchema = (body?.["application/json"] as Json | undefined)?.schema;
  const responses = Object.entries((operation.responses as Json | undefined) ?? {}).map(([status, entry]) => {
    const response = resolve(document, entry) as Json;
    const content = Object.values((response.content as Json | undefined) ?? {})[0] as Json | undefined;
    return `<li><b>${escapeHtml(status)}</b> ${escapeHtml(String(response.description ?? ""))}${status.startsWith("2") && content ? schemaBlock(document, content.schema) : ""}</li>`;
  });
  return `<details class="op" id="${escapeHtml(String(operation.operationId))}"><summary><span class="m ${verb}">${verb}</span><code>${escapeHtml(path)}</code> — ${escapeHtml(String(operation.summary ?? ""))}</summary>
<p class="muted">operationId <code>${escapeHtml(String(operation.operationId))}</code>; group: ${escapeHtml(String(operation["x-required-group"] ?? ""))}</p>
${parameterRows(document, parameters)}${bodySchema ? `<p>Request body (application/json${(operation.requestBody as Json).required ? "" : ", optional"}):</p>${schemaBlock(document, bodySchema)}` : ""}
<p>Responses:</p><ul>${responses.join("")}</ul></details>`;
}

function problemTable(): string {
  const rows = (Object.entries(PROBLEMS) as [ProblemCode, { status: number; title: string }][]).map(
    ([code, problem]) =>
      `<tr id="${escapeHtml(problemType(code).split("#")[1] ?? "")}"><td>${problem.status}</td><td><code>${escapeHtml(code)}</code></td><td>${escapeHtml(problem.title)}</td></tr>`,
  );
  return `<table><tr><th>status</th><th>code</th><th>title</th></tr>${rows.join("")}</table>`;
}

/** A readable, self-contained page (no script, no CDN) rendering the OpenAPI document. */
export function renderDocsPage(document: Json): string {
  const info = document.info as Json;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      const tag = String(((operation as Json).tags as string[] | undefined)?.[0] ?? "other");
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationBlock(document, path, method, operation as Json)]);
    }
  }
  const sections = [...byTag.entries()].map(
    ([tag, blocks]) => `<h2>${escapeHtml(tag)}</h2>${blocks.join("\n")}`,
  );
  const description = String(info.description ?? "")
    .split("\n\n")
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/`([^`]+)`/g, "<code>$1</code>")}</p>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(String(info.title))}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(String(info.title))}</h1><p class="muted">version ${escapeHtml(String(info.version))} · OpenAPI ${escapeHtml(String(document.openapi))} · <a href="/openapi.json">openapi.json</a></p>
${description}${sections.join("\n")}<h2 id="problems">Problems (application/problem+json)</h2>${problemTable()}</body></html>`;
}
