import { Readable } from "node:stream";
import { HttpResponse } from "@smithy/core/protocols";
import type { HttpRequest } from "@smithy/types";

/** What the scripted service answers one request: an HTTP status and a JSON body. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** An error answer as an AWS JSON-protocol service sends it (`__type` names the error). */
export const jsonError = (type: string, status = 400): ScriptedAnswer => ({
  status,
  body: { __type: type, message: type },
});

/**
 * A real SDK client's `requestHandler` for a JSON-protocol service (Cognito, EventBridge,
 * Secrets Manager, Logs, ...): no network, each request answered by `answer(operation)`, and the
 * operations sent recorded in order. Unlike aws-sdk-client-mock, the client's whole middleware
 * stack runs (the retry middleware and its strategy included): each retry is one more request.
 */
export function scriptedJsonService(answer: (operation: string, sent: number) => ScriptedAnswer) {
  const operations: string[] = [];
  const requestHandler = {
    async handle(request: HttpRequest) {
      const operation =
        String(request.headers["x-amz-target"] ?? "")
          .split(".")
          .at(-1) ?? "";
      operations.push(operation);
      const { status, body } = answer(operation, operations.filter((sent) => sent === operation).length);
      const response = new HttpResponse({
        statusCode: status,
        headers: { "content-type": "application/x-amz-json-1.1" },
        body: Readable.from([Buffer.from(JSON.stringify(body))]),
      });
      return { response };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { requestHandler, operations };
}
