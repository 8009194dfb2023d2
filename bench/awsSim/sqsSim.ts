import { SQSClient } from "@aws-sdk/client-sqs";
import { awsSdkRetrySettings, createSqsRecordVisibility, type RecordVisibility } from "@bbws/mesh";
import type { SQSRecord } from "aws-lambda";
import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimStats, type SimulatedApi, simulate } from "./simulatedApi.ts";

/**
 * SQS's ChangeMessageVisibility, answered by the mesh's local queue (the simulated SQS): the queue
 * the URL names must be the consumer's, the receipt handle its latest, the message in flight; the
 * new timeout counts from the call. `retryMs`, when set (the floor, --retry-ms), replaces the
 * handler's delay as it replaces the visibility timeout.
 */
function sqsApi(queueName: string, local: RecordVisibility, retryMs: number | undefined): SimulatedApi {
  return {
    service: "SQS",
    latencyMs: () => F.sqsCallMs.value,
    bucketOf: () => undefined,
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      async ChangeMessageVisibility({ QueueUrl, ReceiptHandle, VisibilityTimeout }) {
        if (!String(QueueUrl).endsWith(`/${queueName}`))
          throw awsError("QueueDoesNotExist", `${QueueUrl} is not ${queueName}`);
        const record = { receiptHandle: ReceiptHandle, messageId: "?" } as SQSRecord;
        const seconds = retryMs === undefined ? VisibilityTimeout : retryMs / 1000;
        await local.hide(record, seconds).catch((error: unknown) => {
          throw awsError("MessageNotInflight", (error as Error).message);
        });
        return {};
      },
    },
  };
}

/** The consumer's real AWS visibility adapter, on a simulated SQS client over its local queue. */
export function simulatedVisibility(input: {
  readonly queueName: string;
  readonly local: RecordVisibility;
  readonly retryMs: number | undefined;
  readonly stats: SimStats;
}): RecordVisibility {
  const client = new SQSClient({
    ...awsSdkRetrySettings(),
    region: "local",
    credentials: { accessKeyId: "sim", secretAccessKey: "sim" },
  });
  return createSqsRecordVisibility(
    simulate(client, sqsApi(input.queueName, input.local, input.retryMs), input.stats),
  );
}
