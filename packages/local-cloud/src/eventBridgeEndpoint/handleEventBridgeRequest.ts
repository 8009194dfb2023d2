import type { BusEvent } from "@bbws/contracts";
import { type AwsJsonError, awsJsonError, errorBody } from "./awsJsonError.ts";
import { type BusRule, describeEventBus, listRules } from "./describeBus.ts";
import type { BusDescriptor } from "./localEventsCredentials.ts";
import { putEvents } from "./putEvents.ts";
import { type SignedRequest, verifySigV4 } from "./verifySigV4.ts";

export interface EventBridgeEndpointDeps {
  readonly bus: BusDescriptor;
  /** The bus's rules, read on each ListRules. */
  readonly rules: () => readonly BusRule[];
  readonly secretOf: (accessKeyId: string) => string | undefined;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly publish: (event: BusEvent) => Promise<void>;
}

export interface EventBridgeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CONTENT_TYPE = "application/x-amz-json-1.1";
const TARGET_PREFIX = "AWSEvents.";

/**
 * One request of the EventBridge JSON protocol (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`):
 * authenticate (SigV4), parse, run the operation, answer as AWS does. The HTTP server is a thin
 * adapter around this.
 */
export async function handleEventBridgeRequest(
  request: SignedRequest,
  deps: EventBridgeEndpointDeps,
): Promise<EventBridgeAnswer> {
  const requestId = deps.newId();
  const auth = verifySigV4(request, { secretOf: deps.secretOf, service: "events", now: deps.clock() });
  if (!auth.ok) return errorAnswer(auth.error, requestId);
  const target = header(request, "x-amz-target") ?? "";
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  const input = parseBody(request.body);
  if (input === undefined)
    return errorAnswer(
      awsJsonError(400, "SerializationException", "The request body is not JSON."),
      requestId,
    );
  const answer = await run(operation, input, deps);
  if ("error" in answer) return errorAnswer(answer.error, requestId);
  return { status: 200, headers: headersOf(requestId), body: JSON.stringify(answer.response) };
}

async function run(
  operation: string,
  input: unknown,
  deps: EventBridgeEndpointDeps,
): Promise<{ response: unknown } | { error: AwsJsonError }> {
  switch (operation) {
    case "PutEvents":
      return putEvents(input, deps);
    case "DescribeEventBus":
      return describeEventBus(input, deps.bus);
    case "ListRules":
      return listRules(input, deps.bus, deps.rules());
    default:
      return {
        error: awsJsonError(
          400,
          "UnknownOperationException",
          `The local endpoint serves PutEvents, DescribeEventBus and ListRules (X-Amz-Target ${TARGET_PREFIX}<Operation>).`,
        ),
      };
  }
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
}

function headersOf(requestId: string): Record<string, string> {
  return { "content-type": CONTENT_TYPE, "x-amzn-requestid": requestId };
}

function errorAnswer(error: AwsJsonError, requestId: string): EventBridgeAnswer {
  return {
    status: error.status,
    headers: { ...headersOf(requestId), "x-amzn-errortype": error.type },
    body: JSON.stringify(errorBody(error)),
  };
}
