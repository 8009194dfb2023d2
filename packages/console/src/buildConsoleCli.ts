/**
 * `npm run build -w @bbws/console`: writes the console to packages/console/dist for a static
 * site (sst.config.ts deploys it with sst.aws.StaticSite), configured from the environment:
 * BBWS_CONSOLE_API_URL, and BBWS_CONSOLE_HOSTED_UI + BBWS_CONSOLE_CLIENT_ID for Cognito sign-in.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildConsole } from "./buildConsole.ts";
import { consoleConfigFromEnv } from "./consoleConfigFromEnv.ts";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const files = await buildConsole(consoleConfigFromEnv(process.env));
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const [name, file] of files) writeFileSync(`${dist}${name}`, file.body);
process.stdout.write(`console written to ${dist} (${[...files.keys()].join(", ")})\n`);
