import type { RoleId } from "../../infra/iamTable.ts";
import { type Frame, isTestCode } from "./callSite.ts";

/**
 * Which role makes a call, read from the code that made it: the first rule (in order) that
 * matches a frame of its stack (outermost first, test code left out) decides. A composition root (a Lambda's
 * handler or deps) names its function; an adapter names the function that composes it; a
 * shared adapter tested on its own stands for every function that composes it.
 */
interface Rule {
  readonly file: RegExp;
  /** The function (or method) of that frame, where the file alone does not decide. */
  readonly fn?: RegExp;
  readonly roles: readonly RoleId[] | "$1";
}

/** Every function that publishes to the bus with createEventBridgePublisher (the ledger writes an outbox instead). */
const PUBLISHERS: readonly RoleId[] = [
  "identity",
  "storage",
  "routing",
  "compute",
  "orphanScan",
  "outboxRelay",
  "api",
];
/** Every function that reaches the environment's account through createAccountClients. */
const ASSUMERS: readonly RoleId[] = [
  "identity",
  "storage",
  "routing",
  "compute",
  "orphanScan",
  "api",
  "ecsEvents",
  "healthSweep",
  "storageDrift",
];

/** The services that keep resource records (createDynamoResourceRecords) of what they create. */
const RECORD_KEEPERS: readonly RoleId[] = ["identity", "storage", "routing", "compute"];
const LEDGER_STORE = /^packages\/ledger\/src\/adapters\/dynamo\//;
const RECORDS = /^packages\/mesh\/src\/resources\/createDynamoResourceRecords\.ts$/;
const CLEANUP_RECORDS = /^packages\/ledger\/src\/adapters\/dynamo\/createDynamoCleanupRecords\.ts$/;

const RULES: readonly Rule[] = [
  { file: /^infra\/lambdas\/api/, roles: ["api"] },
  { file: /^infra\/lambdas\/orphanScan/, roles: ["orphanScan"] },
  { file: /^infra\/lambdas\/ecsEvents/, roles: ["ecsEvents"] },
  { file: /^infra\/lambdas\/healthSweep/, roles: ["healthSweep"] },
  // The storage drift function (in the VPC): its root and handler, and the checks only it composes
  // (the API and the sweep reach them through createLambdaStorageDriftCheck's Invoke).
  {
    file: /^packages\/storage\/src\/handlers\/(lambdaDrift|driftDeps|createStorageDriftHandler)\.ts$/,
    roles: ["storageDrift"],
  },
  {
    file: /^packages\/storage\/src\/adapters\/(aws\/createAwsStorageDriftCheck|sql\/createSqlStorageDriftCheck)\.ts$/,
    roles: ["storageDrift"],
  },
  // The shared root of the two: the probes (healthSweep) and the task counts (ecsEvents) are told apart below.
  { file: /^packages\/compute\/src\/adapters\/aws\/createEcsServiceTaskCounts\.ts$/, roles: ["ecsEvents"] },
  { file: /^packages\/ledger\/src\/handlers\/(depsRelay|lambdaRelay)\.ts/, roles: ["outboxRelay"] },
  { file: /^packages\/ledger\/src\/handlers\/lambdaSweeper\.ts/, roles: ["stuckSweeper"] },
  { file: /^packages\/ledger\/src\/handlers\/lambdaRotationSchedule\.ts/, roles: ["credentialRotation"] },
  { file: /^packages\/ledger\/src\/handlers\//, roles: ["ledger"] },
  // The ALB pool item of the slot table: routing's Lambda and the orphan scan both build their
  // slots with createPooledRuleSlots (packages/routing/src/handlers/deps.ts, infra/lambdas/orphanScanDeps.ts).
  { file: /^packages\/routing\/src\/adapters\/aws\/albPoolItem\.ts$/, roles: ["routing", "orphanScan"] },
  { file: /^packages\/(identity|storage|routing|compute)\/src\/handlers\//, roles: "$1" },
  { file: /^packages\/api\/src\//, roles: ["api"] },
  { file: /^packages\/\w+\/src\/adapters\/aws\/createAws\w+Inventory\.ts/, roles: ["orphanScan"] },
  // The storage inventory's records and uid claims (bookkeeping a crash left).
  { file: /^packages\/storage\/src\/adapters\/aws\/storageRecordInventory\.ts$/, roles: ["orphanScan"] },
  { file: /^packages\/mesh\/src\/aws\/listTaggedResources\.ts/, roles: ["orphanScan"] },
  // The orphan scan frees an orphan rule's slot with routing's release.
  {
    file: /^packages\/routing\/src\/adapters\/aws\/createDynamoRuleSlots\.ts$/,
    fn: /\brelease$/,
    roles: ["routing", "orphanScan"],
  },
  // The live check's probes and drift checks run in the API (POST .../health) and the sweep.
  {
    file: /^packages\/(compute|routing|storage|identity)\/src\/adapters\/aws\/(create\w+(HealthProbe|DriftCheck)|createTenantServiceDescriber)\.ts$/,
    roles: ["api", "healthSweep"],
  },
  { file: /^packages\/(identity|storage|routing|compute)\/src\//, roles: "$1" },
  { file: /^packages\/ledger\/src\/application\/createOrphanScanner\.ts$/, roles: ["orphanScan"] },
  // Cleanup records: the API records a cleanup RUNNING and reads it back (GET
  // /v1.0/orphans/cleanups/{id}); the orphan scan, invoked as an Event, records how it ended
  // (runRecordedCleanup).
  { file: /^packages\/ledger\/src\/application\/runRecordedCleanup\.ts$/, roles: ["orphanScan"] },
  { file: CLEANUP_RECORDS, fn: /\bput$/, roles: ["api", "orphanScan"] },
  { file: CLEANUP_RECORDS, fn: /\bget$/, roles: ["api"] },
  // The ledger store serves several functions, each through its own methods: the command side
  // (get, commit) runs in the ledger consumer, the stuck sweeper and the API (in-process); the
  // orphan scan lists every instance and re-reads an orphan's instance and tenant slot before a
  // removal (createOrphanScanner). pendingOutbox is the local runtime's relay (on AWS the Pipe
  // reads the stream): no function's.
  {
    file: LEDGER_STORE,
    fn: /\bcommit$/,
    roles: ["ledger", "stuckSweeper", "credentialRotation", "api", "ecsEvents", "healthSweep"],
  },
  {
    file: LEDGER_STORE,
    fn: /\bget$/,
    roles: ["ledger", "stuckSweeper", "credentialRotation", "api", "orphanScan", "ecsEvents", "healthSweep"],
  },
  { file: LEDGER_STORE, fn: /\bfindLiveInstanceId$/, roles: ["ledger", "api", "orphanScan", "ecsEvents"] },
  { file: LEDGER_STORE, fn: /\blistOverdue$/, roles: ["stuckSweeper"] },
  { file: LEDGER_STORE, fn: /\bmarkPublished$/, roles: ["outboxRelay"] },
  { file: LEDGER_STORE, fn: /\bpendingOutbox$/, roles: [] },
  { file: LEDGER_STORE, fn: /\b(events|getOperation)$/, roles: ["api"] },
  { file: LEDGER_STORE, fn: /\blist$/, roles: ["api", "orphanScan", "credentialRotation", "healthSweep"] },
  {
    file: /^packages\/ledger\/src\/adapters\/dynamo\/listInstances\.ts$/,
    roles: ["api", "orphanScan", "credentialRotation", "healthSweep"],
  },
  { file: /^packages\/ledger\/src\//, roles: ["ledger"] },
  { file: /^packages\/mesh\/src\/publisher\//, roles: PUBLISHERS },
  // Resource records: every service keeps its intents; storage and routing release by instance;
  // the orphan scan lists them all and forgets a removed resource's record.
  { file: RECORDS, fn: /\blistByInstance$/, roles: ["storage", "routing"] },
  { file: RECORDS, fn: /\blist$/, roles: ["orphanScan"] },
  { file: RECORDS, fn: /\bremove$/, roles: [...RECORD_KEEPERS, "orphanScan"] },
  { file: RECORDS, fn: /\b(get|put)$/, roles: RECORD_KEEPERS },
  { file: /^packages\/mesh\/src\/aws\/createAccountClients\.ts/, roles: ASSUMERS },
  // ChangeMessageVisibility on the record's queue: every service Lambda (createServiceLambdaBase).
  {
    file: /^packages\/mesh\/src\/aws\/createSqsRecordVisibility\.ts$/,
    roles: ["identity", "storage", "routing", "compute"],
  },
  // Each service's journal (its decider's state and inbox) lives in the records table.
  { file: /^packages\/mesh\/src\/decider\/createDynamoServiceJournal\.ts$/, roles: RECORD_KEEPERS },
];

/**
 * The roles that make the call whose repository frames (innermost first) are given: none for
 * code no deployed function runs; throws when no rule knows.
 */
export function callerRoles(frames: readonly Frame[]): readonly RoleId[] {
  const code = frames.filter((frame) => !isTestCode(frame.file)).reverse();
  for (const rule of RULES)
    for (const frame of code) {
      const match = rule.file.exec(frame.file);
      if (!match || (rule.fn && !rule.fn.test(frame.fn))) continue;
      return rule.roles === "$1" ? [match[1] as RoleId] : rule.roles;
    }
  throw new Error(
    `no role known for a call from ${code.map((frame) => frame.file).join(" > ")}: add a rule to tests/iam/callerRoles.ts`,
  );
}
