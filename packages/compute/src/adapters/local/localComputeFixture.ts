import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COGNITO_RESERVED_WORDS, type InstanceRef, resourceNames } from "@bbws/contracts";
import { createLocalSecrets, createLocalTargetGroups } from "@bbws/local-cloud";
import { type Logger, silentLogger } from "@bbws/mesh";
import { createConnection } from "mysql2/promise";
import type { ComputeRequest } from "../../ports.ts";
import type { LocalComputeOptions } from "./localComputeContext.ts";
import type { PortRange } from "./portAllocator.ts";

/**
 * Tests and the benchmark: what storage and routing would have made for a
 * tenant (a MariaDB database and user, a content directory owned by a fresh
 * uid, the credentials secret, the target group), without importing them.
 */
export interface LocalComputeFixture {
  readonly root: string;
  readonly options: LocalComputeOptions;
  newTenant(options?: { desiredCount?: number }): Promise<{ instance: InstanceRef; request: ComputeRequest }>;
  /** Drops the databases and users and removes the directory; stop the providers first. */
  dispose(): Promise<void>;
}

const MARIADB = { host: "127.0.0.1", port: 3306, user: "root" } as const;

export async function createLocalComputeFixture(input: {
  portRange: PortRange;
  logger?: Logger;
}): Promise<LocalComputeFixture> {
  const root = mkdtempSync(join(tmpdir(), "bbws-compute-"));
  // Tenant uids must reach their config under the data dir and their content under efs.
  for (const directory of [root, join(root, "data"), join(root, "efs"), join(root, "efs/tenants")]) {
    mkdirSync(directory, { recursive: true });
    chmodSync(directory, 0o711);
  }
  const options: LocalComputeOptions = {
    dataDir: join(root, "data"),
    efsRoot: join(root, "efs"),
    secrets: createLocalSecrets(join(root, "data/secrets")),
    targetGroups: createLocalTargetGroups(join(root, "data/routing/target-groups.json")),
    portRange: input.portRange,
    logger: input.logger ?? silentLogger,
  };
  const database = await createConnection(MARIADB);
  const tenants: string[] = [];
  const uidBase = 300_000 + randomInt(0, 600) * 100;

  async function newTenant(settings: { desiredCount?: number } = {}) {
    const tenantId = freshTenantId();
    const uid = uidBase + tenants.length;
    tenants.push(tenantId);
    const names = resourceNames(tenantId, "dev");
    // A quote and a backslash: the generated PHP config must escape them.
    const password = `p'${randomBytes(12).toString("hex")}\\x`;
    await database.query(`CREATE DATABASE ${names.databaseName}`);
    await database.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [names.databaseUser, password]);
    await database.query(`GRANT ALL ON ${names.databaseName}.* TO ?@'%'`, [names.databaseUser]);
    const contentDir = join(options.efsRoot, names.contentRoot);
    mkdirSync(contentDir, { mode: 0o750 });
    chownSync(contentDir, uid, uid);
    const credentials = { ...MARIADB, database: names.databaseName, user: names.databaseUser, password };
    const credentialsSecretRef = options.secrets.put(`${tenantId}/db`, JSON.stringify(credentials));
    const instance: InstanceRef = { instanceId: randomUUID(), tenantId, environment: "dev" };
    const hostname = `${tenantId}.localhost`;
    options.targetGroups.upsert({
      name: names.targetGroup,
      hostname,
      instanceId: instance.instanceId,
      maintenance: false,
    });
    const request: ComputeRequest = {
      operationId: randomUUID(),
      spec: {
        tenantId,
        environment: "dev",
        size: "small",
        desiredCount: settings.desiredCount ?? 1,
        wordpress: { version: "6.1.9", image: "debian/wordpress:6.1.9" },
        hostname,
      },
      identity: {
        userPoolId: `local_${tenantId}`,
        appClientId: `client-${tenantId}`,
        hostedDomain: `bbws-${tenantId}-dev.auth.local`,
        clientSecretRef: `local-secret:${tenantId}/sso`,
      },
      storage: {
        accessPointId: names.accessPoint,
        rootDirectory: names.contentRoot,
        posixUid: uid,
        posixGid: uid,
        databaseHost: MARIADB.host,
        databasePort: MARIADB.port,
        databaseName: names.databaseName,
        databaseUser: names.databaseUser,
        credentialsSecretRef,
      },
      routing: {
        targetGroupRef: names.targetGroup,
        listenerRuleRef: `rule-${tenantId}`,
        hostname,
        url: `http://${hostname}:8080/`,
      },
    };
    return { instance, request };
  }

  return {
    root,
    options,
    newTenant,
    async dispose() {
      for (const tenantId of tenants) {
        const names = resourceNames(tenantId, "dev");
        await database.query(`DROP DATABASE IF EXISTS ${names.databaseName}`);
        await database.query(`DROP USER IF EXISTS ?@'%'`, [names.databaseUser]);
      }
      await database.end();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function freshTenantId(): string {
  for (;;) {
    const tenantId = `t${randomBytes(8).toString("hex").slice(0, 10)}`;
    if (!COGNITO_RESERVED_WORDS.some((word) => tenantId.includes(word))) return tenantId;
  }
}
