import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createFileResourceRecords, createLocalSecrets } from "@bbws/local-cloud";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveIdentity } from "../../testing/driveIdentity.ts";
import { sampleInstance } from "../../testing/sampleInstance.ts";
import { createLocalIdentityInventory } from "./createLocalIdentityInventory.ts";
import { createLocalIdentityProvider } from "./createLocalIdentityProvider.ts";
import { type LocalCognito, startLocalCognito } from "./startLocalCognito.ts";

const dataDir = mkdtempSync(join(tmpdir(), "identity-inventory-"));
let server: LocalCognito;

beforeAll(async () => {
  server = await startLocalCognito({ dataDir: join(dataDir, "cognito") });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("createLocalIdentityInventory", () => {
  it("lists pools and SSO secrets of cognito-local and the local files, and removes a planted pool and secret", async () => {
    const records = createFileResourceRecords(join(dataDir, "identity", "records"));
    const secrets = createLocalSecrets(join(dataDir, "secrets"));
    const provider = driveIdentity(
      createLocalIdentityProvider({ dataDir, cognitoEndpoint: server.endpoint, records, secrets }),
    );
    const { instance, spec } = sampleInstance({ environment: "sit" });
    const live = await provider.ensureIdentity(instance, spec);
    // A crash before any record: a pool of our name without tags, with a client, and its secret.
    const cognito = new CognitoIdentityProviderClient({
      endpoint: server.endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: "bbws-ghost-users" }));
    const ghostPoolId = UserPool?.Id ?? "";
    await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: ghostPoolId, ClientName: "ghost-client" }),
    );
    await cognito.send(new CreateUserPoolCommand({ PoolName: "not-ours" }));
    const ghostSecret = secrets.put("bbws/ghost/dev/sso-client", "{}");
    secrets.put("ghost/dev/db", "{}"); // storage's, not identity's

    const inventory = createLocalIdentityInventory({ cognitoEndpoint: server.endpoint, dataDir, records });
    const { tenantId, instanceId } = instance;
    const listed = await inventory.list();
    const sortById = <T extends { id: string }>(items: T[]) =>
      [...items].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(listed)).toEqual(
      sortById([
        {
          service: "identity",
          kind: "user-pool",
          id: live.userPoolId,
          tenantId,
          environment: "sit",
          instanceId,
        },
        { service: "identity", kind: "user-pool", id: ghostPoolId, tenantId: "ghost" },
        {
          service: "identity",
          kind: "secret",
          id: `local-secret:bbws/${tenantId}/sit/sso-client`,
          tenantId,
          environment: "sit",
        },
        { service: "identity", kind: "secret", id: ghostSecret, tenantId: "ghost", environment: "dev" },
      ]),
    );

    const pool = listed.find((item) => item.id === ghostPoolId);
    const secret = listed.find((item) => item.id === ghostSecret);
    if (!pool || !secret) throw new Error("the planted resources were not listed");
    expect(await inventory.remove(pool)).toEqual([
      "app-client:ghost-client",
      `user-pool:bbws-ghost-users (${ghostPoolId})`,
    ]);
    expect(await inventory.remove(pool)).toEqual([]);
    expect(await inventory.remove(secret)).toEqual([`secret:${ghostSecret}`]);
    expect(await inventory.remove(secret)).toEqual([]);

    const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools.map((each) => each.Name).sort()).toEqual([`bbws-${tenantId}-users`, "not-ours"]);
    const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: live.userPoolId }));
    expect(clients.UserPoolClients).toHaveLength(1);
    expect(secrets.exists(live.clientSecretRef)).toBe(true);
    expect((await inventory.list()).map((item) => item.id).sort()).toEqual(
      [live.userPoolId, live.clientSecretRef].sort(),
    );

    // The live pool removed as an orphan would be: its records go with it.
    const livePool = (await inventory.list()).find((item) => item.kind === "user-pool");
    if (!livePool) throw new Error("the live pool was not listed");
    expect(await inventory.remove(livePool)).toEqual([
      `app-client:bbws-${tenantId}-sit-wordpress`,
      `user-pool:bbws-${tenantId}-users (${live.userPoolId})`,
    ]);
    expect(await records.listByInstance(instanceId)).toEqual([]);
  });
});
