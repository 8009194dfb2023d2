import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { DomainEvent } from "@bbws/contracts";
import { createLocalSecrets } from "@bbws/local-cloud";
import {
  createDynamoServiceJournal,
  createJsonLogger,
  createMemoryResourceRecords,
  type EventPublisher,
} from "@bbws/mesh";
import { useLocalRecordsTable } from "@bbws/mesh/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLocalIdentityProvider } from "../adapters/local/createLocalIdentityProvider.ts";
import { type LocalCognito, startLocalCognito } from "../adapters/local/startLocalCognito.ts";
import type { IdentityProvider } from "../ports.ts";
import { requestFor } from "../testing/driveIdentity.ts";
import { ownPools } from "../testing/ownPools.ts";
import { sampleInstance } from "../testing/sampleInstance.ts";
import { createIdentityService } from "./createIdentityService.ts";

// The service as it runs: the executor over a DynamoDB Local journal, the Cognito adapter on cognito-local.
const dataDir = mkdtempSync(join(tmpdir(), "identity-service-"));
const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "identity-journal");
let server: LocalCognito;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await startLocalCognito({ dataDir: join(dataDir, "cognito") });
  cognito = new CognitoIdentityProviderClient({
    endpoint: server.endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One service over one Cognito and journal; `wrap` lets a test hold a step open. */
function service(
  wrap: (provider: IdentityProvider) => IdentityProvider = (provider) => provider,
  options: { failPublishes?: number } = {},
) {
  const published: DomainEvent[] = [];
  let failPublishes = options.failPublishes ?? 0;
  const logs: Array<{ message: string; eventId?: string; reason?: string; replay?: boolean }> = [];
  const publisher: EventPublisher = {
    async publish(events) {
      if (failPublishes-- > 0) throw new Error("crashed before publishing");
      published.push(...(events as DomainEvent[]));
    },
  };
  const provider = createLocalIdentityProvider({
    dataDir,
    cognitoEndpoint: server.endpoint,
    records: createMemoryResourceRecords(),
    secrets: createLocalSecrets(join(dataDir, "secrets")),
    limiter: { acquire: async () => {} },
  });
  const handle = createIdentityService({
    provider: wrap(provider),
    publisher,
    clock: () => new Date("2026-11-22T10:00:00Z"),
    newId: randomUUID,
    maxReceiveCount: 5,
    journal: createDynamoServiceJournal({ client: dynamo, tableName }),
    leaseMs: 60_000,
    logger: createJsonLogger({ write: (line) => logs.push(JSON.parse(line)) }),
  });
  const answers = () => published.map((event) => event["detail-type"]);
  return { handle, answers, logs };
}

/** Holds the first call of `step` until `open()`; `entered` resolves when it is inside. */
function gate(step: keyof IdentityProvider) {
  let open: () => void = () => undefined;
  let entered: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let held = false;
  const wrap = (provider: IdentityProvider): IdentityProvider => ({
    ...provider,
    [step]: async (...args: unknown[]) => {
      if (!held) {
        held = true;
        entered();
        await opened;
      }
      return (provider[step] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  });
  return { wrap, open, inside };
}

const clientsOf = async (userPoolId: string) =>
  (await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 })))
    .UserPoolClients ?? [];

function instanceRequest() {
  const { instance, spec } = sampleInstance();
  const requested = requestFor(instance, "InstanceRequested", { operationId: randomUUID(), spec });
  const releaseOf = () =>
    requestFor(instance, "ReleaseRequested", {
      operationId: randomUUID(),
      service: "identity",
      reason: "deprovision",
      archive: false,
    });
  return { instance, requested, releaseOf, poolName: `bbws-${instance.tenantId}-users` };
}

describe("identity service: duplicate deliveries (DynamoDB Local journal, cognito-local)", () => {
  it("two deliveries of one InstanceRequested at the same moment make exactly one pool and one answer", async () => {
    const { instance, requested, poolName } = instanceRequest();
    const { handle, answers } = service();
    const results = await Promise.allSettled([
      handle(requested, { receiveCount: 1 }),
      handle(requested, { receiveCount: 1 }),
    ]);
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(1);
    // SQS brings the refused delivery back: the inbox answers it with no effect.
    await handle(requested, { receiveCount: 2 });
    const pools = await ownPools(cognito, poolName, instance);
    expect(pools).toHaveLength(1);
    expect(await clientsOf(String(pools[0]))).toHaveLength(1);
    expect(answers()).toEqual(["IdentityReady"]);
  });

  it("a second delivery while the first is inside CreateUserPool is refused and retried later", async () => {
    const { instance, requested, poolName } = instanceRequest();
    const held = gate("createUserPool");
    const { handle, answers } = service(held.wrap);
    const first = handle(requested, { receiveCount: 1 });
    await held.inside;
    await expect(handle(requested, { receiveCount: 2 })).rejects.toMatchObject({
      code: "MESH.REQUEST_IN_FLIGHT",
      retryable: true,
    });
    held.open();
    await first;
    await handle(requested, { receiveCount: 3 });
    expect(await ownPools(cognito, poolName, instance)).toHaveLength(1);
    expect(answers()).toEqual(["IdentityReady"]);
  });

  it("a release arriving while provisioning runs waits for it, then deletes what it made: no orphan", async () => {
    const { instance, requested, releaseOf, poolName } = instanceRequest();
    const held = gate("createUserPool");
    const { handle, answers } = service(held.wrap);
    const release = releaseOf();
    const provisioning = handle(requested, { receiveCount: 1 });
    await held.inside;
    await expect(handle(release, { receiveCount: 1 })).rejects.toMatchObject({
      code: "MESH.REQUEST_IN_FLIGHT",
    });
    held.open();
    await provisioning;
    await handle(release, { receiveCount: 2 });
    expect(await ownPools(cognito, poolName, instance)).toEqual([]);
    expect(answers()).toEqual(["IdentityReady", "IdentityReleased"]);
  });
});

describe("identity service: a crash before the answer", () => {
  it("lets the next delivery answer at once, from the journal, with no second effect", async () => {
    const { instance, requested, poolName } = instanceRequest();
    const { handle, answers } = service(undefined, { failPublishes: 1 });
    await expect(handle(requested, { receiveCount: 1 })).rejects.toThrow("crashed before publishing");
    await handle(requested, { receiveCount: 2 });
    expect(await ownPools(cognito, poolName, instance)).toHaveLength(1);
    expect(answers()).toEqual(["IdentityReady"]);
  });
});

describe("identity service: replay after a release", () => {
  it("re-creates nothing when the whole history is replayed, or the request re-sent, and logs it", async () => {
    const { instance, requested, releaseOf, poolName } = instanceRequest();
    const { handle, answers, logs } = service();
    const release = releaseOf();
    await handle(requested, { receiveCount: 1 });
    await handle(release, { receiveCount: 1 });
    expect(answers()).toEqual(["IdentityReady", "IdentityReleased"]);

    // The archive's window: the same events, marked as a replay, in and out of order.
    for (const event of [requested, release, requested])
      await handle({ ...event, "replay-name": "window" } as DomainEvent, { receiveCount: 1 });
    // The ledger's request again under a new id (a late duplicate of another origin).
    const resent = {
      ...requested,
      detail: { ...requested.detail, meta: { ...requested.detail.meta, eventId: randomUUID() } },
    };
    await handle(resent as DomainEvent, { receiveCount: 1 });

    expect(await ownPools(cognito, poolName, instance)).toEqual([]);
    expect(answers()).toEqual(["IdentityReady", "IdentityReleased"]);
    const replayed = logs.filter((log) => log.message.startsWith("request already handled"));
    expect(replayed.map((log) => [log.eventId, log.replay])).toEqual([
      [requested.detail.meta.eventId, true],
      [release.detail.meta.eventId, true],
      [requested.detail.meta.eventId, true],
    ]);
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: "request acknowledged with no effect",
        eventId: resent.detail.meta.eventId,
        reason: "the instance's identity was released",
      }),
    );
  });
});
