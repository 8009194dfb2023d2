/**
 * `npm start` — for now, the saga demo: the real ledger, bus, queues (SQS
 * semantics) and service handlers, wired by runtime/createLocalMesh.ts, with
 * in-memory clouds. Real local providers (MariaDB, content directories, PHP
 * serving WordPress, the reverse proxy), the REST API and the long-running
 * stack are the next issues; this script says so when it runs.
 */
import { randomUUID } from "node:crypto";
import { CONSUMERS, type DomainEvent, instanceIdOf, parseBusEvent } from "@bbws/contracts";
import { createMemoryLedgerStore } from "@bbws/ledger";
import { createJsonLogger, createMemoryEventArchive, createMemoryQueueStore } from "@bbws/mesh";
import { createLocalMesh } from "../runtime/createLocalMesh.ts";
import { createInMemoryCloud } from "../runtime/inMemoryCloud.ts";

const started = Date.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(2)} s`.padStart(8);

say("BBWS Instance Management: local saga demo");
say("  built:     contracts, ledger (saga, compensation, outbox), mesh (bus, queues, DLQ), service handlers");
say("  not built: real local providers (MariaDB, WordPress on PHP, proxy), REST API, AWS adapters");
say("  so this demo provisions against in-memory clouds; no WordPress site is served yet.\n");

const cloud = createInMemoryCloud();
const mesh = createLocalMesh({
  providers: cloud.providers,
  ledgerStore: createMemoryLedgerStore(),
  queueStore: () => createMemoryQueueStore(),
  archive: createMemoryEventArchive(),
  clock: Date.now,
  logger: createJsonLogger({ level: "warn" }),
  specDefaults: {
    wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
    baseDomain: "localhost",
  },
  wrapPublisher: (consumer, bus) => ({
    async publish(events) {
      for (const event of events)
        say(`${elapsed()}  ${consumer.padEnd(8)} → ${describe(parseBusEvent(event))}`);
      await bus.publish(events);
    },
  }),
});

const tenantId = process.argv[2] ?? "acme";
say(`${elapsed()}  tenant-management → TenantCreated ${tenantId}`);
await mesh.bus.publish([
  {
    source: "bbws.tenant-management",
    "detail-type": "TenantCreated",
    detail: {
      meta: {
        eventId: randomUUID(),
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        tenantId,
        environment: "dev",
      },
      data: { tenantId, organisationName: tenantId, environment: "dev" },
    },
  },
]);

for (const consumer of CONSUMERS) mesh.runners[consumer].start();
const deadline = Date.now() + 30_000;
let state = "";
while (state !== "ACTIVE" && state !== "FAILED" && Date.now() < deadline) {
  await mesh.relay();
  await new Promise((resolve) => setTimeout(resolve, 10));
  state = (await mesh.ledgerStore.list({ tenantId, limit: 1 })).items[0]?.state ?? "";
}
await mesh.relay();
await Promise.all(CONSUMERS.map((consumer) => mesh.runners[consumer].stop()));
say(`\n${elapsed()}  instance of ${tenantId}: ${state || "not created"}`);
say(
  `  resources: ${Object.entries(cloud.inventory.live)
    .map(([service, live]) => `${service} ${[...live.keys()].join(", ")}`)
    .join("; ")}`,
);
process.exit(state === "ACTIVE" ? 0 : 1);

function describe(event: DomainEvent): string {
  const data = event.detail.data as Record<string, unknown>;
  const detail =
    typeof data.service === "string"
      ? ` (${data.service})`
      : typeof data.code === "string"
        ? ` ${data.code}`
        : "";
  return `${event["detail-type"]}${detail}  instance ${instanceIdOf(event)?.slice(0, 8) ?? "-"}`;
}
