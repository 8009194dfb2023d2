import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** One file of the console as a web server serves it. */
export interface ConsoleFile {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Where the console finds its API and how it signs in (served as `config.json`). */
export type ConsoleConfig =
  | { readonly apiUrl: string; readonly auth: { readonly mode: "local" } }
  | {
      readonly apiUrl: string;
      readonly auth: {
        readonly mode: "cognito";
        /** The hosted UI's base URL, e.g. https://bbws-operators.auth.eu-west-1.amazoncognito.com */
        readonly domain: string;
        readonly clientId: string;
      };
    };

const webDir = (name: string) => fileURLToPath(new URL(`./web/${name}`, import.meta.url));

/**
 * Bundles the console (Preact + htm, minified, one ES module) in memory with esbuild: about 50 ms,
 * so the local stack builds it when it starts and no build output is committed or can go stale.
 * Answers the files by their path under the console's root.
 */
export async function buildConsole(config: ConsoleConfig): Promise<ReadonlyMap<string, ConsoleFile>> {
  const bundled = await build({
    entryPoints: [webDir("main.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    outfile: "console.js",
    legalComments: "none",
  });
  const script = bundled.outputFiles.find((file) => file.path.endsWith(".js"));
  if (!script) throw new Error("esbuild produced no console.js");
  return new Map<string, ConsoleFile>([
    ["index.html", text("text/html", readFileSync(webDir("index.html"), "utf8"))],
    ["console.js", { contentType: "text/javascript; charset=utf-8", body: Buffer.from(script.contents) }],
    ["console.css", text("text/css", readFileSync(webDir("console.css"), "utf8"))],
    ["config.json", text("application/json", JSON.stringify(config))],
  ]);
}

function text(type: string, body: string): ConsoleFile {
  return { contentType: `${type}; charset=utf-8`, body: Buffer.from(body, "utf8") };
}
