import { readdirSync, readFileSync } from "node:fs";
import { callSiteOf, repoFrames } from "./tests/iam/callSite.ts";
import { validateInput } from "./tests/iam/validateInput.ts";
const t0 = performance.now();
let checked = 0, unchecked = new Set<string>(), total = 0;
const problems = new Map<string, string>();
for (const f of readdirSync("/tmp/iamdump")) {
  for (const c of JSON.parse(readFileSync(`/tmp/iamdump/${f}`, "utf8"))) {
    if (!callSiteOf(repoFrames(c.stack))) continue;
    total++;
    const r = validateInput(c.client, c.command, c.input);
    if (!r.checked) { unchecked.add(`${c.client} ${c.command}`); continue; }
    checked++;
    for (const p of r.problems) problems.set(`${c.command}: ${p.replace(/"[^"]*"/, '"…"')}`, `${p} [${f.slice(-40)}]`);
  }
}
for (const [k, v] of problems) console.log(v);
console.log("unchecked", [...unchecked]);
console.log(total, "calls", checked, "checked", Math.round(performance.now() - t0), "ms");
