import { createHash } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import type { ReceivedMessage } from "./localQueue.ts";

export const LOCAL_ACCOUNT = "000000000000";
// Messages are sent by EventBridge; SQS reports the sending principal's id.
const EVENTBRIDGE_SENDER_ID = "AIDALOCALEVENTBRIDGE";
const LAMBDA_TIMEOUT_MS = 30_000;

export interface SqsEventContext {
  readonly queueName: string;
  readonly region: string;
}

/** The SQSEvent Lambda's SQS event source mapping builds from a batch of received messages. */
export function toSqsEvent(messages: readonly ReceivedMessage[], context: SqsEventContext): SQSEvent {
  return { Records: messages.map((message) => toSqsRecord(message, context)) };
}

function toSqsRecord(message: ReceivedMessage, { queueName, region }: SqsEventContext): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: EVENTBRIDGE_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(message.body, "utf8").digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:${queueName}`,
    awsRegion: region,
  };
}

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  readonly requestId: string;
  readonly clock: () => number;
}

/**
 * A minimal Lambda context: enough for handlers that log the request id or watch the remaining
 * time. Made for every local invocation (every local API request): its methods are written as
 * methods, so that no closure but the one that reads the deadline is made per context.
 */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const { functionName, region, requestId, clock } = options;
  const deadline = clock() + LAMBDA_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis() {
      return Math.max(0, deadline - clock());
    },
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function unsupported(): never {
  throw new Error("the callback-style context methods are not supported locally; return a promise");
}
