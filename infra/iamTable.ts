/**
 * THE IAM table: every role the deployment creates, mapped to exactly the actions its code
 * calls (taken from the package READMEs' IAM sections and checked against the adapters'
 * SDK commands). `sst.config.ts` builds each role's only policy from here, and
 * tests/infra/sstConfig.test.ts asserts that nothing else is granted.
 *
 * Two halves, because the control plane reaches each environment's account by assuming a
 * role (createAccountClients, IM-010):
 * - OWN_GRANTS: the Lambda (or Pipe) role in the deploying account;
 * - WORKLOAD_GRANTS: what the adapters do with the assumed role in the environment's account
 *   (printed by infra/printWorkloadPolicies.ts; that role is created outside this app).
 *
 * DynamoDB transactions have no IAM action of their own: TransactWriteItems is authorised per
 * item (Put → PutItem, Delete → DeleteItem), so the table lists those.
 */

/** Symbolic resources; infra/roles.ts resolves them to ARNs. */
export type ResourceRef =
  | "ownQueue"
  | "ownLogGroup"
  | "bus"
  | "recordsTable"
  | "recordsByInstanceIndex"
  | "slotTable"
  | "ledgerTable"
  | "ledgerIndexes"
  | "ledgerStream"
  | "idempotencyTable"
  | "archiveObjects"
  | "workloadRoles"
  | "efsFileSystem"
  | "relayFunction"
  | "outboxPipeDlq"
  | "orphanScanFunction"
  | "storageDriftFunction"
  | "busArchive"
  | "busReplays"
  | "deadLetterQueues"
  | "consumerQueues"
  | "ecsEventsQueue"
  | "*";

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface Grant {
  readonly actions: readonly string[];
  readonly resources: readonly ResourceRef[];
  readonly conditions?: readonly PolicyCondition[];
  /** Which call needs it. */
  readonly why: string;
}

export const ROLE_IDS = [
  "identity",
  "storage",
  "routing",
  "compute",
  "ledger",
  "stuckSweeper",
  "credentialRotation",
  "outboxRelay",
  "orphanScan",
  "api",
  "ecsEvents",
  "healthSweep",
  "storageDrift",
  "outboxPipe",
] as const;
export type RoleId = (typeof ROLE_IDS)[number];

const consume: Grant = {
  actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
  resources: ["ownQueue"],
  why: "the SQS event source mapping polls the consumer's queue with the function's role",
};
const delayRetry: Grant = {
  actions: ["sqs:ChangeMessageVisibility"],
  resources: ["ownQueue"],
  why: "createSqsRecordVisibility (createServiceLambdaBase, every service's deps): a pending install, health check or rollout, or a request waiting for the holder's lease, comes back when its error says, not after the visibility timeout",
};
const log: Grant = {
  actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
  resources: ["ownLogGroup"],
  why: "createJsonLogger lines; the log group itself is created by the deployment",
};
const publish: Grant = {
  actions: ["events:PutEvents"],
  resources: ["bus"],
  why: "createEventBridgePublisher: the service's answers",
};
const assumeWorkloadRole: Grant = {
  actions: ["sts:AssumeRole"],
  resources: ["workloadRoles"],
  why: "createAccountClients: the environment's account, through the accounts map",
};
const records = (extra: readonly string[] = []): Grant => ({
  actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", ...extra],
  resources: ["recordsTable"],
  why: "createDynamoResourceRecords: intent before a create call, completed after",
});
const ledgerState: Grant = {
  actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
  resources: ["ledgerTable"],
  why: "createDynamoLedgerStore: get, findLiveInstanceId, commit (one TransactWriteItems of Puts and a slot Delete)",
};

const invokeStorageDrift = (who: string): Grant => ({
  actions: ["lambda:InvokeFunction"],
  resources: ["storageDriftFunction"],
  why: `${who}: the drift part's database, user, access point and secret (createLambdaStorageDriftCheck, RequestResponse)`,
});

const vpcNetwork: Grant = {
  actions: [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
  ],
  resources: ["*"],
  why: "a VPC function's network interfaces (RDS and EFS are private); EC2 offers no resource scoping here",
};

export const OWN_GRANTS: Readonly<Record<RoleId, readonly Grant[]>> = {
  identity: [consume, delayRetry, log, publish, assumeWorkloadRole, records()],
  storage: [
    consume,
    delayRetry,
    log,
    publish,
    assumeWorkloadRole,
    { ...records(["dynamodb:UpdateItem"]), why: "resource records, and the uid claims (atomic ADD counter)" },
    {
      actions: ["dynamodb:Query"],
      resources: ["recordsByInstanceIndex"],
      why: "releaseTenantStorage: listByInstance finds the instance's restore records to forget",
    },
    {
      actions: ["s3:PutObject", "s3:PutObjectTagging", "s3:GetObject"],
      resources: ["archiveObjects"],
      why: "createS3ArchiveStore: put, then HeadObject/GetObject to verify; never deletes",
    },
    {
      actions: [
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
        "elasticfilesystem:ClientRootAccess",
      ],
      resources: ["efsFileSystem"],
      why: "the Lambda mounts the whole file system (root access point) to archive and delete content",
    },
    vpcNetwork,
  ],
  routing: [
    consume,
    delayRetry,
    log,
    publish,
    assumeWorkloadRole,
    records(),
    {
      actions: ["dynamodb:Query"],
      resources: ["recordsByInstanceIndex"],
      why: "listByInstance of the shared records code (routing's release now reads its records by key: droppable once tests/iam/callerRoles.ts tells record methods apart)",
    },
    {
      actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      resources: ["slotTable"],
      why: "createDynamoRuleSlots: read a listener's partition, claim/free a slot in one transaction",
    },
  ],
  compute: [consume, delayRetry, log, publish, assumeWorkloadRole, records()],
  ledger: [consume, log, ledgerState],
  stuckSweeper: [
    log,
    ledgerState,
    { actions: ["dynamodb:Query"], resources: ["ledgerIndexes"], why: "listOverdue on the `overdue` index" },
  ],
  credentialRotation: [
    log,
    {
      ...ledgerState,
      why: "rotateDueCredentials: a rotateCredentials command per due instance (get, commit)",
    },
    { actions: ["dynamodb:Query"], resources: ["ledgerIndexes"], why: "list ACTIVE instances (byState)" },
  ],
  orphanScan: [
    log,
    { ...publish, why: "OrphansFound, one per tenant with orphans" },
    { ...assumeWorkloadRole, why: "the inventories list and delete in the served environment's account" },
    {
      actions: ["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:Scan"],
      resources: ["recordsTable"],
      why: "inventories: records listed (Scan) and a removed resource's record forgotten; storage frees a leftover tenant's uid claim",
    },
    {
      actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      resources: ["slotTable"],
      why: "createDynamoRuleSlots: removing an orphan rule frees its slot",
    },
    {
      actions: ["dynamodb:Query"],
      resources: ["ledgerIndexes"],
      why: "createOrphanScanner: list every instance",
    },
    {
      actions: ["dynamodb:GetItem", "dynamodb:PutItem"],
      resources: ["ledgerTable"],
      why: "createOrphanScanner: before a removal, re-reads the orphan's instance and its tenant slot (consistent reads); runRecordedCleanup: an asynchronous cleanup records how it ended (createDynamoCleanupRecords)",
    },
    vpcNetwork,
  ],
  outboxRelay: [
    log,
    { ...publish, why: "publishes the outbox events the Pipe hands over" },
    {
      actions: ["dynamodb:DeleteItem"],
      resources: ["ledgerTable"],
      why: "markPublished deletes the outbox item",
    },
  ],
  api: [
    log,
    assumeWorkloadRole,
    {
      actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      resources: ["ledgerTable"],
      why: "reads (get, getOperation, the event log) and the ledger's command side, run in-process; orphan cleanup records (RUNNING, read back)",
    },
    { actions: ["dynamodb:Query"], resources: ["ledgerIndexes"], why: "list: byTenant, byState, all" },
    {
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
      resources: ["idempotencyTable"],
      why: "createDynamoIdempotencyStore: claim, complete, free a key",
    },
    {
      actions: ["events:StartReplay"],
      resources: ["busArchive", "bus", "busReplays"],
      why: "createEventBridgeReplays: POST /v1.0/replays of a window, from the bus archive onto the bus; StartReplay is authorised on the archive, the destination bus and the new replay (Service Authorization Reference)",
    },
    {
      ...publish,
      why: "createEventBridgeReplays: POST /v1.0/replays of one instance re-publishes its ledger requests",
    },
    {
      actions: [
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:StartMessageMoveTask",
        "sqs:DeleteMessage",
      ],
      resources: ["deadLetterQueues"],
      why: "createSqsDeadLetters: size and peek (GET /v1.0/dlq, the ECS events DLQ included); the move task reads and deletes in the DLQ with the caller's permissions",
    },
    {
      actions: ["sqs:SendMessage"],
      resources: ["consumerQueues", "ecsEventsQueue"],
      why: "StartMessageMoveTask without DestinationArn sends each message back to its source queue as the caller (the ECS events DLQ's: the ECS events queue)",
    },
    {
      actions: ["lambda:InvokeFunction"],
      resources: ["orphanScanFunction"],
      why: "createLambdaOrphanOperations: GET /v1.0/orphans waits for the scan function; POST /v1.0/orphans/cleanup invokes it as an Event",
    },
    invokeStorageDrift("POST .../health"),
  ],
  // The ECS events consumer: the default bus's aws.ecs events of tenant services → its queue → the ledger.
  ecsEvents: [
    { ...consume, resources: ["ecsEventsQueue"] },
    log,
    {
      ...ledgerState,
      why: "createEcsEventConsumer: findLiveInstanceId, then the ledger's event path (get, commit) folds TaskStopped / HealthObserved",
    },
    {
      ...assumeWorkloadRole,
      why: "a stopped task's service counts now (ECS DescribeServices in the environment's account)",
    },
  ],
  // The health sweep (every minute): re-checks ACTIVE instances whose last check is stale.
  healthSweep: [
    log,
    { ...ledgerState, why: "the ledger's event path (get, commit) folds the sweep's HealthObserved" },
    {
      actions: ["dynamodb:Query"],
      resources: ["ledgerIndexes"],
      why: "createHealthSweep: list ACTIVE instances (byState index)",
    },
    {
      ...assumeWorkloadRole,
      why: "the live check's probes (ECS DescribeServices, ELB DescribeTargetHealth) in the environment's account",
    },
    invokeStorageDrift("the sweep's live check"),
  ],
  // The drift part's storage side, in the VPC (invoked by the API and the sweep): RDS's catalog, EFS, Secrets Manager.
  storageDrift: [
    log,
    {
      ...assumeWorkloadRole,
      why: "the master secret, the access point and the credentials secret are in the served environment's account",
    },
    {
      ...vpcNetwork,
      why: "RDS is private: the function joins the storage function's VPC and security groups",
    },
  ],
  outboxPipe: [
    {
      actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      resources: ["ledgerStream"],
      why: "the Pipe reads the ledger table's stream",
    },
    {
      actions: ["dynamodb:ListStreams"],
      resources: ["*"],
      why: "the Pipe lists streams (no resource scoping)",
    },
    { actions: ["lambda:InvokeFunction"], resources: ["relayFunction"], why: "the Pipe's target" },
    { actions: ["sqs:SendMessage"], resources: ["outboxPipeDlq"], why: "batches the relay keeps failing" },
  ],
};

/** Resource templates of the environment's account: {region} {account} {cluster} {fileSystemId} ... */
export interface WorkloadGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly PolicyCondition[];
  readonly why: string;
}

export type WorkloadRoleUser =
  | "identity"
  | "routing"
  | "compute"
  | "storage"
  | "orphanScan"
  | "api"
  | "ecsEvents"
  | "healthSweep"
  | "storageDrift";

/** The distinct actions of some grants, sorted: what a role ends up allowed to do. */
export function actionsOf(grants: readonly { readonly actions: readonly string[] }[]): string[] {
  return [...new Set(grants.flatMap((grant) => grant.actions))].sort();
}
