import type { ConsoleFile } from "./buildConsole.ts";

/** What a server answers for a path under the console's prefix (`/console`, `/console/`, `/console/x.js`). */
export interface ConsoleAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * The console's static files by path: the prefix alone redirects to its folder (relative URLs
 * then resolve), the folder serves index.html, an unknown file is a 404. The pages are routed
 * in the URL's fragment, so no other path needs the page.
 */
export function serveConsoleFile(
  files: ReadonlyMap<string, ConsoleFile>,
  prefix: string,
  path: string,
): ConsoleAnswer | undefined {
  if (path === prefix) return { status: 308, headers: { location: `${prefix}/` }, body: Buffer.alloc(0) };
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const name = path.slice(prefix.length + 1) || "index.html";
  const file = files.get(name);
  if (!file)
    return { status: 404, headers: { "content-type": "text/plain" }, body: Buffer.from("not found\n") };
  return {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "default-src 'self'; connect-src 'self' https:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
    },
    body: file.body,
  };
}
