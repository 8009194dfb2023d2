import type { DeployConfig } from "./deployConfig.ts";
import { functionSpec } from "./functions.ts";
import { lambdaArgs } from "./lambdaArgs.ts";
import { OUTBOX_STREAM_FILTER } from "./patterns.ts";

/** Batches the relay keeps failing (after the Pipe's retries) land here; an alarm watches it. */
export function createOutboxDlq(): sst.aws.Queue {
  return new sst.aws.Queue("OutboxPipeDlq", {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
  });
}

/**
 * The outbox relay: DynamoDB stream → EventBridge Pipe (filter: outbox INSERTs) → the relay
 * Lambda, which publishes with createEventBridgePublisher and deletes the outbox item.
 * A Lambda target rather than an enrichment + bus target: the item holds the event as a JSON
 * string that a Pipe's input transformer cannot turn back into `detail`, the publisher already
 * batches by 10 and retries only the entries PutEvents rejected, and only a function can
 * delete the published item, which keeps the outbox index meaning "not yet published" as the
 * local relay does. One invocation per batch instead of two.
 */
export function createOutboxRelay(input: {
  config: DeployConfig;
  ledgerTable: aws.dynamodb.Table;
  relayRole: aws.iam.Role;
  pipeRole: aws.iam.Role;
  dlq: sst.aws.Queue;
  environment: Record<string, $util.Input<string>>;
}) {
  const relay = new sst.aws.Function(
    "OutboxRelay",
    lambdaArgs({
      spec: functionSpec("outboxRelay"),
      config: input.config,
      role: input.relayRole,
      environment: input.environment,
    }),
  );
  const pipe = new aws.pipes.Pipe("OutboxPipe", {
    roleArn: input.pipeRole.arn,
    source: input.ledgerTable.streamArn,
    sourceParameters: {
      dynamodbStreamParameters: {
        startingPosition: "TRIM_HORIZON",
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        // A failing batch is halved until the bad record stands alone; it goes to the DLQ
        // after the retries and the outbox item stays in the table for a manual relay.
        onPartialBatchItemFailure: "AUTOMATIC_BISECT",
        maximumRetryAttempts: 10,
        deadLetterConfig: { arn: input.dlq.arn },
      },
      filterCriteria: { filters: [{ pattern: JSON.stringify(OUTBOX_STREAM_FILTER) }] },
    },
    target: relay.arn,
    targetParameters: { lambdaFunctionParameters: { invocationType: "REQUEST_RESPONSE" } },
  });
  return { relay, pipe };
}

/** Every minute, operations past their deadline become STUCK and `OperationStuck` goes out. */
export function createStuckSweeper(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  return new sst.aws.Cron("StuckSweeper", {
    schedule: "rate(1 minute)",
    function: lambdaArgs({
      spec: functionSpec("stuckSweeper"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  });
}

/**
 * Hourly, the credentials rotation schedule (HLD 6.2): its function starts a
 * `rotateCredentials` operation for every ACTIVE instance CREDENTIAL_ROTATION_DAYS (30) after its
 * last rotation. The operation, not Secrets Manager's own schedule, runs the rotation, so compute's
 * rolling restart comes between the switch and the revoke (docs/operations.md).
 */
export function createCredentialRotationSchedule(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  return new sst.aws.Cron("CredentialRotation", {
    schedule: "rate(1 hour)",
    function: lambdaArgs({
      spec: functionSpec("credentialRotation"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  });
}

/** Daily (HLD §5.4): resources of no live instance are reported as OrphansFound; cleanup is on request. */
export function createOrphanScanSchedule(input: {
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}) {
  return new sst.aws.Cron("OrphanScan", {
    schedule: "rate(1 day)",
    event: { action: "scan" },
    function: lambdaArgs({
      spec: functionSpec("orphanScan"),
      config: input.config,
      role: input.role,
      environment: input.environment,
    }),
  });
}
