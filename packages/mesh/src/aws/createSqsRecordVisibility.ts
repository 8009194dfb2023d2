import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { RecordVisibility } from "../consumer/retryAfter.ts";

/** ChangeMessageVisibility on the record's own queue (named by its eventSourceARN) and receipt handle. */
export function createSqsRecordVisibility(client: Pick<SQSClient, "send">): RecordVisibility {
  return {
    async hide(record, seconds) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrlOf(record.eventSourceARN),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    },
  };
}

/** `arn:aws:sqs:eu-west-1:123456789012:name` → `https://sqs.eu-west-1.amazonaws.com/123456789012/name`. */
export function queueUrlOf(queueArn: string): string {
  const [prefix, partition, service, region, accountId, name] = queueArn.split(":");
  if (prefix !== "arn" || service !== "sqs" || !region || !accountId || !name)
    throw new Error(`not an SQS queue ARN: ${queueArn}`);
  const domain = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://sqs.${region}.${domain}/${accountId}/${name}`;
}
