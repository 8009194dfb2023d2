import { describe, expect, it } from "vitest";
import { StorageError } from "./errors.ts";
import {
  archiveObjectName,
  backupObjectName,
  DATABASE_IDENTIFIER_PATTERN,
  storageNamesOf,
} from "./storageNames.ts";

const instanceId = "11111111-1111-4111-8111-111111111111";

describe("storageNamesOf", () => {
  it("derives every storage name from the tenantId", () => {
    expect(storageNamesOf({ instanceId, tenantId: "acme", environment: "prod" })).toEqual({
      tenantId: "acme",
      instanceId,
      environment: "prod",
      databaseName: "wp_acme",
      databaseUser: "wp_acme",
      databaseAlternateUser: "wp_acme_alt",
      contentRoot: "/tenants/acme",
      accessPointName: "efs-ap-acme",
      secretName: "acme/prod/db",
      recordKey: "storage/tenant/acme",
      archiveRecordKey: `storage/archive/${instanceId}`,
    });
  });

  it.each([
    "a'; DROP DATABASE mysql; --",
    "acme`x",
    "../etc",
    "Acme",
    "ab",
    "acme-1",
    "acme_1",
    "myawsco",
    "a".repeat(25),
  ])("refuses tenantId %j with a non-retryable STORAGE.INVALID_TENANT", (tenantId) => {
    const attempt = () => storageNamesOf({ instanceId, tenantId, environment: "dev" });
    expect(attempt).toThrow(StorageError);
    expect(attempt).toThrow(expect.objectContaining({ code: "STORAGE.INVALID_TENANT", retryable: false }));
  });

  it("refuses an instanceId that is not a UUID (it ends up in file and object names)", () => {
    expect(() => storageNamesOf({ instanceId: "../../x", tenantId: "acme", environment: "dev" })).toThrow(
      expect.objectContaining({
        code: "STORAGE.INVALID_TENANT",
        retryable: false,
        message: 'refusing instance "../../x" of tenant "acme": instanceId must be a UUID',
      }),
    );
  });

  it("says which rule a refused tenantId breaks", () => {
    expect(() => storageNamesOf({ instanceId, tenantId: "Acme", environment: "dev" })).toThrow(
      `refusing instance "${instanceId}" of tenant "Acme": tenantId must be 3 to 24 characters`,
    );
  });

  it("accepts as a database identifier exactly wp_ + a tenantId", () => {
    expect(DATABASE_IDENTIFIER_PATTERN.test("wp_acme")).toBe(true);
    expect(DATABASE_IDENTIFIER_PATTERN.test(`wp_a${"b".repeat(23)}`)).toBe(true);
    expect(DATABASE_IDENTIFIER_PATTERN.test(`wp_a${"b".repeat(23)}_alt`)).toBe(true);
    const bad = ["wp_", "wp_ab", "acme", "wp_acme;", "wp_ac`me", "wp_Acme", `wp_a${"b".repeat(24)}`];
    for (const name of [...bad, "wp_acme_alt;", "wp_acme_al", "wp__alt", "xwp_acme"])
      expect(DATABASE_IDENTIFIER_PATTERN.test(name)).toBe(false);
  });
});

describe("archive and backup object names", () => {
  // Built in each test: a throw while vitest collects the file would hide every test in it.
  const storageNames = () => storageNamesOf({ instanceId, tenantId: "acme", environment: "dev" });

  it("names an archive by tenant, instance and UTC second", () => {
    expect(archiveObjectName(storageNames(), new Date("2026-11-22T10:00:05.123Z"))).toBe(
      `acme/${instanceId}-20261122T100005Z.tar.gz`,
    );
  });

  it("names a backup by its backupId, and refuses one that is not a UUID", () => {
    const backupId = "22222222-2222-4222-8222-222222222222";
    expect(backupObjectName(storageNames(), backupId)).toBe(`acme/backups/${backupId}.tar.gz`);
    expect(() => backupObjectName(storageNames(), "../x")).toThrow(
      expect.objectContaining({
        code: "STORAGE.INVALID_TENANT",
        retryable: false,
        message: 'backupId "../x" must be a UUID',
      }),
    );
  });
});
