import { parseArgs } from "node:util";
import type { PutEventsRequestEntry, PutEventsResponse } from "@aws-sdk/client-eventbridge";
import { createEvent, type DataOf, ENVIRONMENTS } from "@bbws/contracts";
import { LOCAL_BUS_NAME, LOCAL_EVENTS_CREDENTIALS } from "@bbws/local-cloud";

export const PUBLISH_USAGE = `usage: npm run ops -- publish TenantCreated --tenant <tenantId> [--environment dev|sit|prod]
    [--organisation <name>] [--size <size>] [--event-id <uuid>]   (the same --event-id twice: one instance)
environment: BBWS_EVENTS_URL (default http://127.0.0.1:8082), BBWS_EVENT_BUS (default ${LOCAL_BUS_NAME}),
  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for a remote endpoint (a local one takes the local key pair)`;

export interface PutEventsCall {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly entries: PutEventsRequestEntry[];
}

export interface PublishDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly print: (line: string) => void;
  /** PutEvents through @aws-sdk/client-eventbridge, as Tenant Management calls it. */
  readonly putEvents: (call: PutEventsCall) => Promise<PutEventsResponse>;
  readonly newId: () => string;
  readonly now: () => Date;
}

const OPTIONS = {
  tenant: { type: "string" },
  environment: { type: "string", default: "dev" },
  organisation: { type: "string" },
  size: { type: "string" },
  "event-id": { type: "string" },
} as const;
const LOCAL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/;

/** `publish TenantCreated ...`: one PutEvents through the EventBridge endpoint; resolves to the exit code. */
export async function runPublish(argv: readonly string[], deps: PublishDeps): Promise<number> {
  const built = buildEntry(argv, deps);
  if ("usage" in built) {
    deps.print(built.usage);
    return 2;
  }
  const endpoint = deps.env.BBWS_EVENTS_URL ?? "http://127.0.0.1:8082";
  const credentials = credentialsFor(endpoint, deps.env);
  if (!credentials) {
    deps.print(`error: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: ${endpoint} is not a local endpoint`);
    return 1;
  }
  try {
    const answer = await deps.putEvents({ endpoint, credentials, entries: [built.entry] });
    const result = answer.Entries?.[0];
    if (answer.FailedEntryCount || !result?.EventId) {
      deps.print(`error: ${result?.ErrorCode ?? "Unknown"}: ${result?.ErrorMessage ?? "no result entry"}`);
      return 1;
    }
    deps.print(`published ${built.summary}: event id ${built.eventId} (EventBridge id ${result.EventId})`);
    return 0;
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    deps.print(
      `error: cannot publish to ${endpoint}: ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function buildEntry(
  argv: readonly string[],
  deps: PublishDeps,
): { entry: PutEventsRequestEntry; eventId: string; summary: string } | { usage: string } {
  let values: { [K in keyof typeof OPTIONS]?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return { usage: `${error instanceof Error ? error.message : String(error)}\n${PUBLISH_USAGE}` };
  }
  if (positionals.join(" ") !== "publish TenantCreated")
    return { usage: `publish takes one event: TenantCreated\n${PUBLISH_USAGE}` };
  if (!values.tenant) return { usage: `publish TenantCreated needs --tenant\n${PUBLISH_USAGE}` };
  const environment = values.environment ?? "dev";
  if (!(ENVIRONMENTS as readonly string[]).includes(environment))
    return { usage: `--environment must be one of ${ENVIRONMENTS.join(", ")}\n${PUBLISH_USAGE}` };
  const eventId = values["event-id"] ?? deps.newId();
  const data = {
    tenantId: values.tenant,
    organisationName: values.organisation ?? values.tenant,
    environment,
    ...(values.size ? { size: values.size } : {}),
  } as DataOf<"TenantCreated">;
  const occurredAt = deps.now().toISOString();
  let event: ReturnType<typeof createEvent<"TenantCreated">>;
  try {
    const meta = {
      eventId,
      occurredAt,
      correlationId: eventId,
      causationId: null,
      tenantId: data.tenantId,
      environment: data.environment,
    };
    event = createEvent({ name: "TenantCreated", meta, data });
  } catch (error) {
    return { usage: `${error instanceof Error ? error.message : String(error)}\n${PUBLISH_USAGE}` };
  }
  const entry: PutEventsRequestEntry = {
    Source: event.source,
    DetailType: event["detail-type"],
    Detail: JSON.stringify(event.detail),
    EventBusName: deps.env.BBWS_EVENT_BUS ?? LOCAL_BUS_NAME,
    Time: new Date(occurredAt),
  };
  return { entry, eventId, summary: `TenantCreated ${data.tenantId} (${environment})` };
}

// A local endpoint knows only its own key pair, whatever AWS credentials the shell holds.
function credentialsFor(endpoint: string, env: PublishDeps["env"]): PutEventsCall["credentials"] | undefined {
  if (LOCAL.test(endpoint)) return LOCAL_EVENTS_CREDENTIALS;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  return undefined;
}
