import type { Logger } from "@bbws/mesh";
import type { SQSBatchItemFailure } from "aws-lambda";
import type { LocalSqsHandler } from "../queues/localConsumerRunner.ts";
import type { HttpSubscriber } from "./httpSubscriber.ts";

export interface HttpDelivery {
  readonly subscriber: string;
  readonly detailType: string;
  readonly tenantId: string;
  readonly status: number | "network error";
  readonly outcome: "delivered" | "retrying" | "dropped";
}

export interface HttpTargetOptions {
  readonly subscriber: HttpSubscriber;
  readonly fetch: typeof fetch;
  readonly logger: Logger;
  /** One call per attempt (the stack prints a line). */
  readonly report?: (delivery: HttpDelivery) => void;
  readonly timeoutMs?: number;
}

// API destinations retry these, and network failures; any other answer is final (AWS: not retried).
const RETRIED = new Set([401, 407, 409, 429]);

/**
 * The delivery queue's consumer for one HTTP subscriber, with API destinations semantics: POST of the
 * event JSON, `content-type: application/json`, the configured headers. A failed delivery is a batch
 * item failure, so the queue retries it with backoff and dead-letters it after its receive count.
 */
export function createHttpTargetHandler(options: HttpTargetOptions): LocalSqsHandler {
  const { subscriber, logger } = options;
  const log = logger.child({ subscriber: subscriber.name, url: subscriber.url });
  const timeoutMs = options.timeoutMs ?? 5_000;

  async function post(body: string): Promise<{ status: number | "network error"; error?: unknown }> {
    try {
      const response = await options.fetch(subscriber.url, {
        method: "POST",
        headers: {
          ...subscriber.headers,
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Amazon/EventBridge/ApiDestinations",
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      return { status: "network error", error };
    }
  }

  return async (event) => {
    const failures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const { status, error } = await post(record.body);
      const outcome = outcomeOf(status);
      const delivery = { subscriber: subscriber.name, ...describe(record.body), status, outcome };
      options.report?.(delivery);
      if (outcome === "retrying") {
        failures.push({ itemIdentifier: record.messageId });
        const attempt = record.attributes.ApproximateReceiveCount;
        log.warn("HTTP delivery failed; the queue retries it", { ...delivery, attempt, error });
      } else if (outcome === "dropped") {
        log.error("HTTP delivery refused; not retried (API destinations semantics)", { ...delivery });
      } else {
        log.info("HTTP delivery done", { ...delivery });
      }
    }
    return { batchItemFailures: failures };
  };
}

function outcomeOf(status: number | "network error"): HttpDelivery["outcome"] {
  if (status === "network error" || status >= 500 || RETRIED.has(status)) return "retrying";
  return status >= 200 && status < 300 ? "delivered" : "dropped";
}

function describe(body: string): { detailType: string; tenantId: string } {
  try {
    const event = JSON.parse(body) as { "detail-type"?: string; detail?: { meta?: { tenantId?: string } } };
    return { detailType: event["detail-type"] ?? "?", tenantId: event.detail?.meta?.tenantId ?? "-" };
  } catch {
    return { detailType: "?", tenantId: "-" };
  }
}
