import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import type { DeadLetterSource } from "@bbws/contracts";
import { isRetryableAwsError } from "@bbws/mesh";
import { describeDeadLetterBody } from "../../domain/deadLetterMessage.ts";
import { ApiError } from "../../domain/errors.ts";
import type { DeadLetterMessage, DeadLetterQueueView, RedriveView } from "../../domain/viewSchemas.ts";
import type { DeadLetters } from "../../ports.ts";

/** One consumer's dead-letter queue (the deployment's `deadLetterQueues` output), the ECS events' included. */
export interface DeadLetterQueueConfig {
  readonly consumer: DeadLetterSource;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

export interface SqsDeadLettersOptions {
  readonly client: SQSClient;
  readonly queues: readonly DeadLetterQueueConfig[];
}

/**
 * The consumers' DLQs on AWS: the bus consumers' and the ECS events consumer's (`ecsEvents`).
 * - list: the approximate size, and a peek: a receive with VisibilityTimeout 0, so the
 *   messages stay visible (it does count as a receive: their ApproximateReceiveCount grows,
 *   harmless on a DLQ, which has no redrive policy of its own). Short polling samples some
 *   of SQS's servers: the peek may show fewer messages than the count.
 * - redrive: `StartMessageMoveTask` from each DLQ back to the queues its messages came from
 *   (no DestinationArn); SQS moves them asynchronously. A queue that refuses (one task per
 *   queue at a time) carries its error; the others are still started.
 */
export function createSqsDeadLetters(options: SqsDeadLettersOptions): DeadLetters {
  const { client } = options;

  async function describe(queue: DeadLetterQueueConfig): Promise<DeadLetterQueueView> {
    try {
      const attributes = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.dlqUrl,
          AttributeNames: ["ApproximateNumberOfMessages"],
        }),
      );
      const peek = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
          // Explicit: a queue configured for long polling would hold the request up to 20 s.
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
        }),
      );
      return {
        consumer: queue.consumer,
        queue: queue.dlqUrl,
        approximateCount: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0),
        messages: (peek.Messages ?? []).map(toDeadLetter),
      };
    } catch (error) {
      throw translate(error, `the ${queue.consumer} dead-letter queue cannot be read`);
    }
  }

  async function redriveOne(queue: DeadLetterQueueConfig): Promise<RedriveView> {
    const base = { consumer: queue.consumer, queue: queue.dlqUrl };
    try {
      const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlqArn }));
      return { ...base, ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}) };
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, error: `${name}: ${message}` };
    }
  }

  return {
    list: () => Promise.all(options.queues.map(describe)),
    redrive: ({ consumer }) =>
      Promise.all(
        options.queues
          .filter((queue) => consumer === undefined || queue.consumer === consumer)
          .map(redriveOne),
      ),
  };
}

function toDeadLetter(message: Message): DeadLetterMessage {
  const receiveCount = Number(message.Attributes?.ApproximateReceiveCount);
  const sentAt = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId ?? "",
    ...(Number.isInteger(receiveCount) ? { receiveCount } : {}),
    ...(Number.isFinite(sentAt) ? { sentAt: new Date(sentAt).toISOString() } : {}),
    ...describeDeadLetterBody(message.Body ?? ""),
  };
}

function translate(error: unknown, what: string): unknown {
  if (!isRetryableAwsError(error)) return error;
  return new ApiError("API.DEPENDENCY_UNAVAILABLE", `${what}; retry`, { cause: error, retryable: true });
}
