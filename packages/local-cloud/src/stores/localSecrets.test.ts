import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalSecrets } from "./localSecrets.ts";
import { createLocalTargetGroups } from "./localTargetGroups.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-local-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("local secrets", () => {
  it("stores a 0600 file, keeps the first value on repeat, refuses path tricks", () => {
    const secrets = createLocalSecrets(join(directory, "secrets"));
    const reference = secrets.put("acme/db", "s3cret");
    expect(reference).toBe("local-secret:acme/db");
    expect(secrets.put("acme/db", "other")).toBe(reference);
    expect(secrets.read(reference)).toBe("s3cret");
    expect(statSync(join(directory, "secrets", "acme/db.secret")).mode & 0o777).toBe(0o600);
    expect(() => secrets.read("local-secret:../etc/passwd")).toThrow(/invalid local secret name/);
    secrets.remove(reference);
    expect(secrets.exists(reference)).toBe(false);
  });
});

describe("listing local secrets", () => {
  it("lists every secret's reference, sorted, and nothing else in the directory", () => {
    const secrets = createLocalSecrets(join(directory, "listed"));
    expect(secrets.list()).toEqual([]);
    secrets.put("bbws/acme/dev/sso-client", "s");
    secrets.put("acme/dev/db", "d");
    writeFileSync(join(directory, "listed", "acme", "dev", "db.secret.tmp"), "half-written");
    expect(secrets.list()).toEqual(["local-secret:acme/dev/db", "local-secret:bbws/acme/dev/sso-client"]);
    secrets.remove("local-secret:acme/dev/db");
    expect(secrets.list()).toEqual(["local-secret:bbws/acme/dev/sso-client"]);
  });
});

describe("local target groups", () => {
  it("shares groups, targets and maintenance between writers through the file", () => {
    const file = join(directory, "routing", "target-groups.json");
    const routing = createLocalTargetGroups(file);
    const compute = createLocalTargetGroups(file);
    routing.upsert({
      name: "tg-acme-dev",
      hostname: "acme.localhost",
      instanceId: "i-1",
      maintenance: false,
    });
    compute.registerTarget("tg-acme-dev", "127.0.0.1:20001");
    expect(routing.byHostname("ACME.localhost")?.targets).toEqual(["127.0.0.1:20001"]);
    routing.setMaintenance("tg-acme-dev", true);
    expect(compute.get("tg-acme-dev")).toMatchObject({ maintenance: true, targets: ["127.0.0.1:20001"] });
    expect(routing.remove("tg-acme-dev")).toBe(true);
    expect(compute.list()).toEqual([]);
  });
});
