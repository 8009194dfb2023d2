import {
  type DeadLetterMessage,
  type DeadLetters,
  describeDeadLetterBody,
  type EventReplays,
} from "@bbws/api";
import { CONSUMERS } from "@bbws/contracts";
import type { LocalQueue, StoredMessage } from "@bbws/local-cloud";
import type { LocalMesh } from "./createLocalMesh.ts";

/** How many messages of each DLQ the listing shows, as SQS's peek does at most. */
const PEEK = 10;

/**
 * POST /v1.0/replays locally: the local archive re-publishes the window's events (of one
 * instance, by `detail.meta.instanceId`, if asked) marked with `replay-name`, synchronously, so
 * the replay is COMPLETED when the API answers. The consumers' inboxes absorb what they had.
 */
export function createLocalEventReplays(mesh: Pick<LocalMesh, "replay">): EventReplays {
  return {
    async start(request) {
      const eventsReplayed = await mesh.replay({
        name: request.name,
        from: request.from.getTime(),
        to: request.to.getTime(),
        ...(request.instanceId !== undefined ? { instanceId: request.instanceId } : {}),
      });
      return {
        replayName: request.name,
        from: request.from.toISOString(),
        to: request.to.toISOString(),
        ...(request.instanceId !== undefined ? { instanceId: request.instanceId } : {}),
        state: "COMPLETED",
        eventsReplayed,
      };
    },
  };
}

/** GET /v1.0/dlq and POST /v1.0/dlq/redrive locally: the mesh's dead-letter queues. */
export function createLocalDeadLetters(mesh: Pick<LocalMesh, "deadLetterQueues">): DeadLetters {
  const queueOf = (consumer: (typeof CONSUMERS)[number]): LocalQueue => mesh.deadLetterQueues[consumer];
  return {
    async list() {
      return CONSUMERS.map((consumer) => {
        const messages = queueOf(consumer).list();
        return {
          consumer,
          queue: queueOf(consumer).name,
          approximateCount: messages.length,
          messages: messages.slice(0, PEEK).map(toDeadLetter),
        };
      });
    },
    async redrive({ consumer }) {
      return CONSUMERS.filter((candidate) => consumer === undefined || candidate === consumer).map(
        (candidate) => ({
          consumer: candidate,
          queue: queueOf(candidate).name,
          moved: queueOf(candidate).redrive(),
        }),
      );
    },
  };
}

function toDeadLetter(message: StoredMessage): DeadLetterMessage {
  return {
    messageId: message.messageId,
    receiveCount: message.receiveCount,
    sentAt: new Date(message.sentAt).toISOString(),
    ...describeDeadLetterBody(message.body),
  };
}
