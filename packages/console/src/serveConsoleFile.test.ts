import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildConsole } from "./buildConsole.ts";
import { serveConsoleFile } from "./serveConsoleFile.ts";

describe("the console's files", () => {
  it("bundles one minified module of Preact and the pages, small enough to ship (under 25 KB gzip)", async () => {
    const files = await buildConsole({ apiUrl: "", auth: { mode: "local" } });
    expect([...files.keys()].sort()).toEqual(["config.json", "console.css", "console.js", "index.html"]);
    const script = files.get("console.js")?.body ?? Buffer.alloc(0);
    expect(script.toString("utf8")).toContain("access_token");
    expect(gzipSync(script).length).toBeLessThan(25_000);
    expect(JSON.parse(files.get("config.json")?.body.toString("utf8") ?? "")).toEqual({
      apiUrl: "",
      auth: { mode: "local" },
    });
  });

  it("serves the folder's index, its files with their types and a CSP, redirects the bare prefix, 404s the rest", async () => {
    const files = await buildConsole({ apiUrl: "https://api.example", auth: { mode: "local" } });
    const index = serveConsoleFile(files, "/console", "/console/");
    expect(index?.status).toBe(200);
    expect(index?.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index?.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(serveConsoleFile(files, "/console", "/console/console.js")?.headers["content-type"]).toBe(
      "text/javascript; charset=utf-8",
    );
    expect(serveConsoleFile(files, "/console", "/console")).toMatchObject({
      status: 308,
      headers: { location: "/console/" },
    });
    expect(serveConsoleFile(files, "/console", "/console/../package.json")?.status).toBe(404);
    expect(serveConsoleFile(files, "/console", "/v1.0/instances")).toBeUndefined();
    expect(serveConsoleFile(files, "/console", "/consoles")).toBeUndefined();
  });
});
