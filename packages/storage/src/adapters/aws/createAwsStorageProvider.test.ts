import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { createMemoryResourceRecords } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { useAwsStorageFixture } from "../../testing/awsStorageFixture.ts";
import { connectAs, dropTenants, sqlTraces } from "../../testing/mariadb.ts";
import { describeStorageProviderContract, specFor } from "../storageProviderContract.ts";

const { admin, setup, newInstance } = useAwsStorageFixture("aws-storage");

describeStorageProviderContract(
  "AWS (EFS/Secrets Manager/S3 fakes, DynamoDB Local, MariaDB as RDS)",
  async () => {
    const { provider } = setup();
    return { provider, cleanup: (tenantIds) => dropTenants(admin(), tenantIds) };
  },
);

describe("createAwsStorageProvider", () => {
  it("provisions an access point, a tagged secret (ARN) and an account on host % that works", async () => {
    const { provider, efs, secretsManager } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    expect(outputs.accessPointId).toMatch(/^fsap-/);
    expect(outputs.credentialsSecretRef).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws\/.+\/prod\/db-/,
    );
    expect([...efs.points.values()][0]).toMatchObject({
      path: `/tenants/${ref.tenantId}`,
      uid: outputs.posixUid,
    });
    const stored = JSON.parse(secretsManager.secrets.get(`bbws/${ref.tenantId}/prod/db`)?.value ?? "{}");
    await (await connectAs(stored)).end();
    const [hosts] = await admin().query("SELECT Host FROM mysql.user WHERE User = ?", [outputs.databaseUser]);
    expect(hosts).toEqual([{ Host: "%" }]);
  });

  it("archives the dump and the files under the EFS mount to S3, verified, then deletes everything", async () => {
    const { provider, efs, secretsManager, s3, mount, records, dir } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    mkdirSync(join(mount, "tenants", ref.tenantId, "wp-content"), { recursive: true });
    writeFileSync(join(mount, "tenants", ref.tenantId, "wp-content", "post.html"), "<p>hello</p>");

    const { archive, released } = await provider.releaseStorage(ref, { archive: true });
    expect(archive?.location).toMatch(
      new RegExp(`^s3://bbws-archive/${ref.tenantId}/${ref.instanceId}-\\d{8}T\\d{6}Z\\.tar\\.gz$`),
    );
    expect(s3.mock.commandCalls(GetObjectCommand)).toHaveLength(1);
    const object = [...s3.objects.values()][0];
    writeFileSync(join(dir, "downloaded.tar.gz"), object?.body ?? Buffer.alloc(0));
    const listed = execFileSync("tar", ["-tzf", join(dir, "downloaded.tar.gz")], { encoding: "utf8" });
    expect(listed).toContain("content/wp-content/post.html");
    expect(object?.tagging).toContain(`bbws%3AtenantId=${ref.tenantId}`);
    expect(released).toEqual(
      expect.arrayContaining([
        `access-point:${outputs.accessPointId}`,
        `secret:bbws/${ref.tenantId}/prod/db`,
        `uid:${outputs.posixUid}`,
      ]),
    );
    expect(efs.points.size).toBe(0);
    expect(secretsManager.secrets.size).toBe(0);
    expect(existsSync(join(mount, "tenants", ref.tenantId))).toBe(false);
    expect(await sqlTraces(admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(await records.list()).toEqual([]);
  });

  it("drops nothing when S3 refuses the archive (STORAGE.ARCHIVE_FAILED)", async () => {
    const { provider, efs, secretsManager, s3, records } = setup();
    const ref = newInstance();
    await provider.ensureStorage(ref, specFor(ref));
    s3.mock.on(GetObjectCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    await expect(provider.releaseStorage(ref, { archive: true })).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.ARCHIVE_FAILED" }),
    );
    expect(efs.points.size).toBe(1);
    expect(secretsManager.secrets.size).toBe(1);
    expect(await sqlTraces(admin(), ref.tenantId)).toEqual({ databases: 1, users: 1, grants: 1 });
    expect((await records.list()).map((record) => record.kind)).toEqual(["tenant-storage"]);
  });

  it("after a crash between CreateAccessPoint and the record, a rollback still finds and deletes the access point", async () => {
    const records = createMemoryResourceRecords();
    const { provider, efs } = setup(records);
    const ref = newInstance();
    await provider.ensureStorage(ref, specFor(ref));
    const [record] = await records.list();
    const { accessPointId: _lost, ...attributes } = record?.attributes ?? {};
    await records.put({ ...(record as NonNullable<typeof record>), state: "intended", attributes });
    const { released } = await provider.releaseStorage(ref, { archive: false });
    expect(released.some((name) => name.startsWith("access-point:fsap-"))).toBe(true);
    expect(efs.points.size).toBe(0);
  });
});
