import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createLocalComputeProvider, type LocalComputeProvider } from "@bbws/compute";
import { CONSUMERS, type HealthProbe, type SpecDefaults } from "@bbws/contracts";
import { startLocalIdentity } from "@bbws/identity";
import {
  createDynamoLedgerStore,
  createHealthSweep,
  createLedgerTable,
  type OrphanScanner,
} from "@bbws/ledger";
import {
  createFileEventArchive,
  createFileQueueStore,
  createFileResourceRecords,
  createFileServiceJournal,
  createHttpSubscribers,
  createLocalSecrets,
  createLocalTargetGroups,
  type ExtraBusTarget,
  type HttpSubscriber,
  releaseAbandonedClaims,
} from "@bbws/local-cloud";
import { DYNAMODB_RETRY_SETTINGS, type Logger } from "@bbws/mesh";
import { createLocalRoutingProvider, createReverseProxy, type ReverseProxy } from "@bbws/routing";
import { createLocalStorageProvider } from "@bbws/storage";
import { createPool } from "mysql2/promise";
import { startLoops } from "./backgroundLoops.ts";
import { createDataDir } from "./createDataDir.ts";
import { createLocalMesh, type LocalMesh } from "./createLocalMesh.ts";
import { startDynamoLocal } from "./dynamoLocal.ts";
import { ensureMariaDb } from "./ensureMariaDb.ts";
import { createLocalHealthProbes } from "./localHealthProbes.ts";
import {
  createLocalInstanceMetrics,
  type LocalInstanceMetrics,
  meteredInstancesOf,
} from "./localInstanceMetrics.ts";
import { createLocalOrphanScanner } from "./localOrphanScanner.ts";
import { createProgressReporter, formatDelivery } from "./progressReporter.ts";
import { reapStaleProcesses } from "./reapStaleProcesses.ts";

export interface LocalStackOptions {
  /** Everything the stack keeps: ledger, queues, archive, secrets, content, databases' registry. */
  readonly dataDir: string;
  readonly proxyPort: number;
  readonly logger: Logger;
  /** One line per provisioning step, as it happens. */
  readonly progress: (line: string) => void;
  /** HTTP subscribers of the bus (API destinations), e.g. Tenant Management's webhook. */
  readonly subscribers?: readonly HttpSubscriber[];
  /** Messages each consumer handles at once, one instance's each (default: twice the cores). */
  readonly concurrency?: number;
}

export interface LocalStack {
  readonly mesh: LocalMesh;
  /** The orphan scan over what really exists on this machine (also run by a background loop). */
  readonly orphans: OrphanScanner;
  /** The live check's parts (POST .../health): process, route, http, drift. */
  readonly healthProbes: readonly HealthProbe[];
  /** CPU, memory and requests per instance, sampled from /proc and the proxy's counters. */
  readonly metrics: LocalInstanceMetrics;
  readonly proxy: ReverseProxy;
  readonly proxyUrl: string;
  readonly compute: LocalComputeProvider;
  readonly dataDir: string;
  readonly specDefaults: SpecDefaults;
  readonly subscribers: readonly HttpSubscriber[];
  /** Each subscriber's rule and delivery queue (retries and DLQ as SQS does them). */
  readonly subscriberTargets: readonly ExtraBusTarget[];
  stop(): Promise<void>;
}

/** Locally every tenant runs Debian's WordPress; tenants are served at `{tenantId}.localhost`. */
const SPEC_DEFAULTS: SpecDefaults = {
  wordpress: { version: "6.1", image: "debian-wordpress:6.1" },
  baseDomain: "localhost",
};
const LEDGER_TABLE_NAME = "bbws-ledger";
/** How often the supervisor looks for dead php groups: a crash is seen within a second. */
const SUPERVISOR_INTERVAL_MS = 1_000;
/** The sweep re-checks an ACTIVE instance whose last check is older than this. */
const HEALTH_STALE_AFTER_MS = 5 * 60_000;

/**
 * The whole local stack in one process tree: MariaDB (existing or private),
 * DynamoDB Local for the ledger (on disk), cognito-local, the reverse proxy,
 * and the mesh with every service on its real local provider. A restart
 * resumes: queues, archive, ledger and tenant registry are all on disk.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.reverse()) {
      options.progress(`  stopping ${name}`);
      await stop().catch((error: unknown) => options.logger.error(`stopping ${name} failed`, { error }));
    }
  };
  try {
    return await startComponents(options, stops, stopAll);
  } catch (error) {
    // A failed start must not leave DynamoDB Local, cognito-local or php behind.
    await stopAll();
    throw error;
  }
}

async function startComponents(
  options: LocalStackOptions,
  stops: { name: string; stop: () => Promise<void> }[],
  stopAll: () => Promise<void>,
): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  createDataDir(dataDir);
  const reaped = reapStaleProcesses(dataDir);
  if (reaped.length > 0)
    options.progress(`stopped ${reaped.length} process(es) left by a previous run that did not shut down`);
  const onStop = (name: string, stop: () => Promise<void>) => stops.push({ name, stop });
  const say = options.progress;

  const mariadb = await ensureMariaDb({ dataDir, log: say });
  onStop("MariaDB", () => mariadb.stop());
  say(`MariaDB: ${mariadb.origin} on ${mariadb.host}:${mariadb.port}`);

  const dynamo = await startDynamoLocal({ path: join(dataDir, "ledger") });
  onStop("ledger (DynamoDB Local)", () => dynamo.stop());
  const dynamoClient = new DynamoDBClient({
    ...DYNAMODB_RETRY_SETTINGS,
    endpoint: dynamo.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tables = await dynamoClient.send(new ListTablesCommand({}));
  if (!tables.TableNames?.includes(LEDGER_TABLE_NAME))
    await createLedgerTable(dynamoClient, LEDGER_TABLE_NAME);
  say(`ledger: DynamoDB Local on ${dynamo.endpoint}`);

  const targetGroups = createLocalTargetGroups(join(dataDir, "routing", "target-groups.json"));
  const proxy = createReverseProxy({ targetGroups, logger: options.logger.child({ service: "proxy" }) });
  const running = await proxy.start({ port: options.proxyPort, host: "127.0.0.1" });
  onStop("proxy", () => running.close());
  const routing = createLocalRoutingProvider({ targetGroups, proxyPort: running.port });

  const secrets = createLocalSecrets(join(dataDir, "secrets"));
  const records = (service: string) => createFileResourceRecords(join(dataDir, service, "records"));
  const identity = await startLocalIdentity({
    dataDir,
    secrets,
    records: records("identity"),
    // The SSO callback goes to the tenant's site behind the proxy.
    siteOrigin: (spec) => `http://${spec.tenantId}.localhost:${running.port}`,
  });
  onStop("cognito-local", () => identity.cognito.stop());
  say(`identity: cognito-local on ${identity.cognito.endpoint}`);

  const pool = createPool({
    host: mariadb.host,
    port: mariadb.port,
    user: mariadb.user,
    password: mariadb.password,
    connectionLimit: 4,
  });
  onStop("database pool", () => pool.end());
  const uidRange = { first: 20_000, last: 29_999 };
  const storage = createLocalStorageProvider({
    pool,
    databaseHost: mariadb.host,
    databasePort: mariadb.port,
    dataDir,
    secrets,
    records: records("storage"),
    uidRange,
    logger: options.logger.child({ service: "storage" }),
  });

  const computeOptions = {
    dataDir,
    efsRoot: join(dataDir, "efs"),
    secrets,
    targetGroups,
    portRange: { from: 21_000, to: 21_999 },
    logger: options.logger.child({ service: "compute" }),
  };
  const compute = createLocalComputeProvider(computeOptions);
  onStop("WordPress processes", () => compute.stopAll());
  const adopted = await compute.adoptOrRestart();
  if (adopted.adopted.length + adopted.restarted.length > 0) {
    say(
      `compute: re-adopted ${adopted.adopted.length} running site(s), restarted ${adopted.restarted.length}`,
    );
  }

  const progress = createProgressReporter(say);
  const subscribers = options.subscribers ?? [];
  const http = createHttpSubscribers({
    subscribers,
    queueStore: (name) => createFileQueueStore(join(dataDir, "queues", name)),
    clock: Date.now,
    newId: randomUUID,
    logger: options.logger.child({ service: "http-subscribers" }),
    fetch,
    report: (delivery) => say(formatDelivery(delivery)),
  });
  const abandoned = releaseAbandonedClaims(join(dataDir, "journal"));
  if (abandoned > 0)
    options.progress(
      `${abandoned} request(s) a previous run was handling when it stopped will be taken up again`,
    );
  const mesh = createLocalMesh({
    providers: { identity: identity.provider, storage, routing, compute },
    ledgerStore: createDynamoLedgerStore({ client: dynamoClient, tableName: LEDGER_TABLE_NAME }),
    queueStore: (name) => createFileQueueStore(join(dataDir, "queues", name)),
    archive: createFileEventArchive(join(dataDir, "archive.jsonl")),
    journal: createFileServiceJournal(join(dataDir, "journal")),
    clock: Date.now,
    logger: options.logger,
    specDefaults: SPEC_DEFAULTS,
    retryBaseMs: 500,
    retryMaxMs: 10_000,
    wrapPublisher: progress.wrap,
    extraTargets: http.targets,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  const runners = [...CONSUMERS.map((consumer) => mesh.runners[consumer]), ...http.runners];
  for (const runner of runners) runner.start();
  onStop("consumers and HTTP subscribers", async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
  });
  // Like an ECS service: keeps each tenant's php running, reports stops and recoveries to the ledger.
  const supervisor = compute.supervise({ report: (event) => mesh.bus.publish([event]) });
  supervisor.start(SUPERVISOR_INTERVAL_MS);
  onStop("php supervisor", () => supervisor.stop());
  const inventoryInput = {
    dataDir,
    identityEndpoint: identity.cognito.endpoint,
    pool,
    sharedServer: mariadb.origin === "existing",
    uidRange,
    targetGroups,
    compute: computeOptions,
    records,
  };
  const orphans = createLocalOrphanScanner({
    ...inventoryInput,
    mesh,
    logger: options.logger.child({ service: "orphan-scan" }),
  });
  const healthProbes = createLocalHealthProbes(inventoryInput);
  const healthSweep = createHealthSweep({
    store: mesh.ledgerStore,
    handleEvent: (event) => mesh.ledger.handleEvent(event),
    probes: healthProbes,
    staleAfterMs: HEALTH_STALE_AFTER_MS,
    clock: Date.now,
  });
  const loops = startLoops({ mesh, orphans, healthSweep, logger: options.logger });
  const metrics = createLocalInstanceMetrics({
    compute,
    proxy,
    clock: Date.now,
    instances: () => meteredInstancesOf(mesh.ledgerStore),
    logger: options.logger.child({ service: "metrics" }),
  });
  metrics.start();
  onStop("metrics sampler", async () => metrics.stop());
  onStop("relay and sweeper", loops.stop);

  return {
    mesh,
    orphans,
    healthProbes,
    metrics,
    proxy,
    proxyUrl: running.url,
    compute,
    dataDir,
    specDefaults: SPEC_DEFAULTS,
    subscribers,
    subscriberTargets: http.targets,
    async stop() {
      await stopAll();
      dynamoClient.destroy();
    },
  };
}
