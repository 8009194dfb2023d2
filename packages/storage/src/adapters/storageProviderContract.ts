import { randomUUID } from "node:crypto";
import { type Environment, type InstanceRef, type InstanceSpec, StorageOutputsSchema } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueTenantId } from "../testing/mariadb.ts";
import type { StorageFlow } from "../testing/storageFlow.ts";

export interface StorageContractSubject {
  readonly provider: StorageFlow;
  /** Drops whatever the tests left for these tenants, even after a failure. */
  cleanup(tenantIds: readonly string[]): Promise<void>;
}

export function specFor(instance: InstanceRef): InstanceSpec {
  return {
    tenantId: instance.tenantId,
    environment: instance.environment,
    size: "small",
    desiredCount: 1,
    wordpress: { version: "6.1", image: "wordpress:6.1" },
    hostname: `${instance.tenantId}.sites.example.com`,
  };
}

const HOSTILE = ["a'; DROP DATABASE mysql; --", "acme`; DROP USER root", "../../etc", "acme/../../root"];

/** The behaviour every StorageProvider adapter must have; run against each adapter. */
export function describeStorageProviderContract(
  adapter: string,
  make: () => Promise<StorageContractSubject>,
) {
  describe(`StorageProvider contract: ${adapter}`, () => {
    let subject: StorageContractSubject;
    const used: string[] = [];
    const instance = (tenantId = uniqueTenantId(), environment: Environment = "dev"): InstanceRef => {
      used.push(tenantId);
      return { instanceId: randomUUID(), tenantId, environment };
    };
    const ensure = (ref: InstanceRef) => subject.provider.ensureStorage(ref, specFor(ref));

    beforeAll(async () => {
      subject = await make();
    });
    afterAll(async () => {
      await subject.cleanup(used);
    });

    it("ensures storage whose outputs satisfy the event schema and follow the naming rules", async () => {
      const ref = instance();
      const outputs = StorageOutputsSchema.parse(await ensure(ref));
      expect(outputs).toMatchObject({
        rootDirectory: `/tenants/${ref.tenantId}`,
        databaseName: `wp_${ref.tenantId}`,
        databaseUser: `wp_${ref.tenantId}`,
      });
      expect(outputs.posixGid).toBe(outputs.posixUid);
    });

    it("is idempotent: a second ensure returns the same outputs", async () => {
      const ref = instance();
      const first = await ensure(ref);
      expect(await ensure(ref)).toEqual(first);
    });

    it("gives different tenants different uids, databases and secrets", async () => {
      const [a, b] = await Promise.all([ensure(instance()), ensure(instance())]);
      expect(a?.posixUid).not.toBe(b?.posixUid);
      expect(a?.databaseName).not.toBe(b?.databaseName);
      expect(a?.credentialsSecretRef).not.toBe(b?.credentialsSecretRef);
    });

    it("releases what it created; a second release finds nothing; a new instance can take the tenant", async () => {
      const ref = instance();
      await ensure(ref);
      const { released, archive } = await subject.provider.releaseStorage(ref, { archive: false });
      expect(archive).toBeUndefined();
      expect(released).toEqual(
        expect.arrayContaining([`database:wp_${ref.tenantId}`, `content:/tenants/${ref.tenantId}`]),
      );
      expect(await subject.provider.releaseStorage(ref, { archive: false })).toEqual({ released: [] });
      const next = { ...ref, instanceId: randomUUID() };
      expect(StorageOutputsSchema.parse(await ensure(next)).databaseName).toBe(`wp_${ref.tenantId}`);
    });

    it("archives before releasing when asked: a checksummed archive, reported once", async () => {
      const ref = instance();
      await ensure(ref);
      const { archive, released } = await subject.provider.releaseStorage(ref, { archive: true });
      expect(archive?.sha256).toMatch(/^[a-f0-9]{64}$/);
      expect(archive?.sizeBytes).toBeGreaterThan(0);
      expect(archive?.location).toContain(`${ref.tenantId}/${ref.instanceId}-`);
      expect(released.length).toBeGreaterThan(0);
      expect(await subject.provider.releaseStorage(ref, { archive: true })).toEqual({ released: [] });
    });

    it("releases nothing that was never created", async () => {
      expect(await subject.provider.releaseStorage(instance(), { archive: true })).toEqual({ released: [] });
    });

    it("refuses another instance of a tenant that holds storage, and that instance's release touches nothing", async () => {
      const owner = instance();
      const outputs = await ensure(owner);
      const intruder = { ...owner, instanceId: randomUUID() };
      await expect(ensure(intruder)).rejects.toThrow(
        expect.objectContaining({ code: "STORAGE.TENANT_IN_USE", retryable: false }),
      );
      expect(await subject.provider.releaseStorage(intruder, { archive: false })).toEqual({ released: [] });
      expect(await ensure(owner)).toEqual(outputs);
    });

    it.each(HOSTILE)("refuses tenantId %j with a non-retryable STORAGE.INVALID_TENANT", async (tenantId) => {
      const ref = { instanceId: randomUUID(), tenantId, environment: "dev" as const };
      const refused = expect.objectContaining({ code: "STORAGE.INVALID_TENANT", retryable: false });
      await expect(ensure(ref)).rejects.toThrow(refused);
      await expect(subject.provider.releaseStorage(ref, { archive: true })).rejects.toThrow(refused);
      await expect(subject.provider.backup(ref, randomUUID())).rejects.toThrow(refused);
      const backup = {
        backupId: randomUUID(),
        takenAt: "2026-11-22T10:00:00.000Z",
        location: "x",
        sha256: "0",
        sizeBytes: 1,
      };
      await expect(subject.provider.restore(ref, { operationId: randomUUID(), backup })).rejects.toThrow(
        refused,
      );
    });

    it("backs up a live instance without touching it, and restores it after a safety backup", async () => {
      const ref = instance();
      const outputs = await ensure(ref);
      const backupId = randomUUID();
      const backup = await subject.provider.backup(ref, backupId);
      expect(backup).toMatchObject({ backupId, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
      expect(backup.location).toContain(`${ref.tenantId}/backups/${backupId}.tar.gz`);
      expect(await ensure(ref)).toEqual(outputs);
      const operationId = randomUUID();
      const safety = await subject.provider.restore(ref, { operationId, backup });
      expect(safety).toMatchObject({
        backupId: operationId,
        sha256: expect.stringMatching(/^[a-f0-9]{64}$/),
      });
      expect(safety.location).toContain(`${ref.tenantId}/backups/${operationId}.tar.gz`);
      expect(await ensure(ref)).toEqual(outputs);
      await expect(subject.provider.backup(instance(), randomUUID())).rejects.toThrow(
        expect.objectContaining({ code: "STORAGE.NOT_PROVISIONED" }),
      );
      await expect(
        subject.provider.restore(instance(), { operationId: randomUUID(), backup }),
      ).rejects.toThrow(expect.objectContaining({ code: "STORAGE.NOT_PROVISIONED" }));
    });

    it("refuses to restore a backup that is missing or another tenant's (STORAGE.BACKUP_INVALID)", async () => {
      const [ref, other] = [instance(), instance()];
      await Promise.all([ensure(ref), ensure(other)]);
      const backup = await subject.provider.backup(ref, randomUUID());
      const missing = { ...backup, location: backup.location.replace(backup.backupId, randomUUID()) };
      const foreign = await subject.provider.backup(other, randomUUID());
      for (const bad of [missing, foreign])
        await expect(
          subject.provider.restore(ref, { operationId: randomUUID(), backup: bad }),
        ).rejects.toThrow(expect.objectContaining({ code: "STORAGE.BACKUP_INVALID", retryable: false }));
    });
  });
}
