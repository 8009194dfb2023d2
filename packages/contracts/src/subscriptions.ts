import { sourceOf } from "./envelope.ts";
import { SERVICES, type Service } from "./identifiers.ts";

/** The consumers of the bus: the four services and the ledger. */
export const CONSUMERS = ["identity", "storage", "routing", "compute", "ledger"] as const;
export type Consumer = (typeof CONSUMERS)[number];

/**
 * Who has a dead-letter queue the API lists and redrives (GET /v1.0/dlq): each bus consumer, and
 * on AWS the ECS events consumer (`ecsEvents`: its queue is fed by the default bus's rule for
 * aws.ecs events, not by the subscription table; locally there is none).
 */
export const DEAD_LETTER_SOURCES = [...CONSUMERS, "ecsEvents"] as const;
export type DeadLetterSource = (typeof DEAD_LETTER_SOURCES)[number];

/** An EventBridge event pattern (JSON), as an EventBridge rule takes it. */
export type EventPatternJson = { readonly [key: string]: unknown };

export interface Subscription {
  /** Names the EventBridge rule and the local route. */
  readonly name: string;
  readonly consumer: Consumer;
  readonly pattern: EventPatternJson;
}

function fromLedger(consumer: Service, detailTypes: readonly string[]): Subscription {
  return {
    name: `${consumer}-requests`,
    consumer,
    pattern: { source: [sourceOf("ledger")], "detail-type": [...detailTypes] },
  };
}

function releasesFor(consumer: Service): Subscription {
  return {
    name: `${consumer}-releases`,
    consumer,
    pattern: {
      source: [sourceOf("ledger")],
      "detail-type": ["ReleaseRequested"],
      detail: { data: { service: [consumer] } },
    },
  };
}

/**
 * The one subscription table: which consumer's queue receives which events.
 * `sst.config.ts` turns each row into an EventBridge rule targeting the consumer's
 * SQS queue; the local runtime routes through the same patterns.
 */
export const SUBSCRIPTIONS: readonly Subscription[] = [
  fromLedger("identity", ["InstanceRequested"]),
  releasesFor("identity"),
  fromLedger("storage", [
    "InstanceRequested",
    "BackupRequested",
    "RestoreRequested",
    "CredentialsRotationRequested",
  ]),
  releasesFor("storage"),
  fromLedger("routing", ["InstanceRequested", "SuspendRequested", "ResumeRequested"]),
  releasesFor("routing"),
  fromLedger("compute", [
    "ComputeRequested",
    "SuspendRequested",
    "ResumeRequested",
    "ScaleRequested",
    "ImageUpdateRequested",
    "RestartRequested",
  ]),
  releasesFor("compute"),
  {
    name: "ledger-service-outcomes",
    consumer: "ledger",
    pattern: { source: SERVICES.map(sourceOf) },
  },
  {
    name: "ledger-tenant-created",
    consumer: "ledger",
    pattern: { source: [sourceOf("tenant-management")], "detail-type": ["TenantCreated"] },
  },
];

export function subscriptionsOf(consumer: Consumer): Subscription[] {
  return SUBSCRIPTIONS.filter((subscription) => subscription.consumer === consumer);
}
