import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageError } from "../../domain/errors.ts";
import { createLocalStorageFixture } from "../../testing/localStorageFixture.ts";
import { connectAs, sqlTraces } from "../../testing/mariadb.ts";
import type { StorageParts } from "../storageParts.ts";
import { specFor } from "../storageProviderContract.ts";

const fixture = createLocalStorageFixture();
const { setup, newInstance } = fixture;
beforeAll(fixture.start);
afterAll(fixture.stop);

interface Secret {
  user: string;
  password: string;
  pending?: unknown;
  previous?: { user: string; password: string };
}

/** Whether MariaDB lets these credentials in (a real login, not a lookup). */
async function logsIn(credentials: { user: string; password: string; database: string }): Promise<boolean> {
  try {
    await (await connectAs(credentials)).end();
    return true;
  } catch (error) {
    expect((error as { code?: string }).code).toBe("ER_ACCESS_DENIED_ERROR");
    return false;
  }
}

describe("createLocalStorageProvider credentials rotation (real MariaDB)", () => {
  it("switches to the other user while the old one still works, then revokes the old one; twice, alternating", async () => {
    const { provider, secrets, dataDir } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const database = outputs.databaseName;
    const read = () => JSON.parse(secrets.read(outputs.credentialsSecretRef)) as Secret;
    const first = read();
    expect(first.user).toBe(`wp_${ref.tenantId}`);

    const rotation = randomUUID();
    await provider.rotate(ref, { operationId: rotation, phase: "switch" });
    const switched = read();
    expect(switched).toMatchObject({
      user: `wp_${ref.tenantId}_alt`,
      previous: { user: first.user, password: first.password },
    });
    expect(switched.pending).toBeUndefined();
    expect(switched.password).not.toBe(first.password);
    // Both work until compute serves on the new ones.
    expect(await logsIn({ ...first, database })).toBe(true);
    expect(await logsIn({ ...switched, database })).toBe(true);
    const asNew = await connectAs({ ...switched, database });
    await asNew.query("CREATE TABLE rotated (id INT)");
    await asNew.end();

    await provider.rotate(ref, { operationId: rotation, phase: "revoke" });
    expect(await logsIn({ ...first, database })).toBe(false);
    expect(await logsIn({ ...switched, database })).toBe(true);
    expect(read().previous).toBeUndefined();
    expect(statSync(join(dataDir, "secrets", `${ref.tenantId}/dev/db.secret`)).mode & 0o777).toBe(0o600);

    // The next rotation alternates back to the first user, with a new password.
    const second = randomUUID();
    await provider.rotate(ref, { operationId: second, phase: "switch" });
    await provider.rotate(ref, { operationId: second, phase: "revoke" });
    const back = read();
    expect(back.user).toBe(`wp_${ref.tenantId}`);
    expect(back.password).not.toBe(first.password);
    expect(await logsIn({ ...back, database })).toBe(true);
    expect(await logsIn({ ...switched, database })).toBe(false);

    // Both users go with the tenant.
    await provider.releaseStorage(ref, { archive: false });
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
  });

  it("given a rollBack after the switch, the old credentials are current again and the new password is revoked", async () => {
    const { provider, secrets } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const read = () => JSON.parse(secrets.read(outputs.credentialsSecretRef)) as Secret;
    const before = read();
    const rotation = randomUUID();
    await provider.rotate(ref, { operationId: rotation, phase: "switch" });
    const switched = read();
    await provider.rotate(ref, { operationId: randomUUID(), phase: "rollBack", rotationId: rotation });
    const after = read();
    expect(after).toEqual(expect.objectContaining(before));
    expect(after.previous).toBeUndefined();
    expect(await logsIn({ ...before, database: outputs.databaseName })).toBe(true);
    expect(await logsIn({ ...switched, database: outputs.databaseName })).toBe(false);
  });

  it("given the new password does not log in, the switch fails, and the old credentials stay current and working", async () => {
    // The database sets a password other than the one stored: the test step must catch it.
    const wrap = (parts: StorageParts): StorageParts => ({
      ...parts,
      database: {
        ...parts.database,
        setPassword: (input) => parts.database.setPassword({ ...input, password: `${input.password}-other` }),
      },
    });
    const { provider, secrets } = setup({ wrap });
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const before = JSON.parse(secrets.read(outputs.credentialsSecretRef)) as Secret;
    const failure = await provider
      .rotate(ref, { operationId: randomUUID(), phase: "switch" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ code: "STORAGE.CREDENTIALS_INVALID" });
    expect((failure as Error).message).toContain("the old credentials are in use again");
    const after = JSON.parse(secrets.read(outputs.credentialsSecretRef)) as Secret;
    expect(after).toEqual(expect.objectContaining(before));
    expect(after.pending).toBeUndefined();
    expect(await logsIn({ ...before, database: outputs.databaseName })).toBe(true);
  });

  it("refuses to rotate storage this instance does not hold, before touching anything", async () => {
    const { provider } = setup();
    await expect(
      provider.rotate(newInstance(), { operationId: randomUUID(), phase: "switch" }),
    ).rejects.toMatchObject({
      code: "STORAGE.NOT_PROVISIONED",
    });
  });
});
