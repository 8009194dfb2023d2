import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { installRuntimeAssets, runtimeAssetsIn, SHIPPED_ASSETS } from "./runtimeAssets.ts";

const root = mkdtempSync(join(tmpdir(), "bbws-assets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const modeOf = (path: string) => statSync(path).mode & 0o777;

let umask: number;
beforeEach(() => {
  // The strictest umask an operator may have: the copy must still be readable by tenants.
  umask = process.umask(0o077);
});
afterEach(() => {
  process.umask(umask);
});

describe("installRuntimeAssets", () => {
  it("copies what compute ships, directories 0755 and files 0644", () => {
    const assets = runtimeAssetsIn(join(root, "fresh", "php-assets"));
    installRuntimeAssets(assets);
    for (const file of [assets.router, assets.install, assets.hostConfig, join(assets.theme, "style.css")]) {
      expect(modeOf(file)).toBe(0o644);
      expect(readFileSync(file, "utf8")).toBe(
        readFileSync(join(SHIPPED_ASSETS, file.slice(assets.dir.length)), "utf8"),
      );
    }
    for (const dir of [assets.dir, join(assets.dir, "theme"), assets.theme]) expect(modeOf(dir)).toBe(0o755);
  });

  it("rewrites what changed, restores modes and removes what is no longer shipped", () => {
    const source = join(root, "source");
    mkdirSync(join(source, "theme"), { recursive: true });
    writeFileSync(join(source, "router.php"), "<?php // v1\n");
    writeFileSync(join(source, "theme", "style.css"), "a {}\n");
    const assets = runtimeAssetsIn(join(root, "upgraded"));
    installRuntimeAssets(assets, source);

    writeFileSync(join(source, "router.php"), "<?php // v2\n");
    rmSync(join(source, "theme"), { recursive: true });
    writeFileSync(join(source, "theme"), "now a file\n");
    writeFileSync(join(assets.dir, "stale.php"), "<?php\n");
    installRuntimeAssets(assets, source);

    expect(readFileSync(assets.router, "utf8")).toBe("<?php // v2\n");
    expect(readFileSync(join(assets.dir, "theme"), "utf8")).toBe("now a file\n");
    expect(modeOf(join(assets.dir, "theme"))).toBe(0o644);
    expect(existsSync(join(assets.dir, "stale.php"))).toBe(false);
  });
});
