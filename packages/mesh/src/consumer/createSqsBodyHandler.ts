import middy from "@middy/core";
import sqsPartialBatchFailure from "@middy/sqs-partial-batch-failure";
import type { SQSEvent } from "aws-lambda";
import { type Logger, silentLogger } from "../logger.ts";
import type { SqsEventHandler } from "./createSqsEventHandler.ts";

/**
 * An SQS handler for messages that are not our bus events (an AWS service's event a default-bus
 * rule delivered): each record's body is parsed as JSON and handed over, one record after another.
 * A record that throws (a body that is not JSON included) is reported in `batchItemFailures` and
 * comes back; after the queue's maxReceiveCount it goes to the DLQ.
 */
export function createSqsBodyHandler(options: {
  consumer: string;
  handle: (body: unknown) => Promise<unknown>;
  logger?: Logger;
}): SqsEventHandler {
  const logger = options.logger ?? silentLogger;
  async function handleBatch(event: SQSEvent): Promise<PromiseSettledResult<void>[]> {
    const results: PromiseSettledResult<void>[] = [];
    for (const record of event.Records) {
      const fields = {
        consumer: options.consumer,
        messageId: record.messageId,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
      };
      try {
        const outcome = await options.handle(JSON.parse(record.body));
        logger.info("message handled", { ...fields, outcome: String(outcome) });
        results.push({ status: "fulfilled", value: undefined });
      } catch (reason) {
        logger.warn("message handling failed", {
          ...fields,
          error: reason instanceof Error ? reason.message : String(reason),
        });
        results.push({ status: "rejected", reason });
      }
    }
    return results;
  }
  const handler = middy(handleBatch).use(sqsPartialBatchFailure({ logger: () => undefined }));
  // The middleware replaces the settled results with the SQSBatchResponse; middy's types cannot express that.
  return handler as unknown as SqsEventHandler;
}
