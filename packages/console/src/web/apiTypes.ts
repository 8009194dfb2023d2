/**
 * The subset of the REST API's answers the console reads (packages/api/openapi.yaml is the
 * contract; the console is one more client of it, like the admin portal).
 */
export interface Link {
  readonly href: string;
  readonly method: string;
}
export type Links = Readonly<Record<string, Link>>;

export interface OperationView {
  readonly operationId: string;
  readonly kind: string;
  readonly status: string;
  readonly requestedAt: string;
  readonly finishedAt?: string;
  readonly failure?: { readonly code: string; readonly reason: string; readonly service?: string };
}

export interface Backup {
  readonly backupId: string;
  readonly takenAt: string;
}

export interface Instance {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: string;
  readonly state: string;
  readonly url?: string;
  readonly spec: {
    readonly size?: string;
    readonly desiredCount?: number;
    readonly wordpressVersion?: string;
  };
  /** identity, storage, routing, compute: PENDING, READY, RELEASED... */
  readonly resources: Readonly<Record<string, string>>;
  readonly health?: { readonly url: string; readonly httpStatus: number };
  /** While ACTIVE: HEALTHY, DEGRADED, UNHEALTHY or UNKNOWN. */
  readonly healthStatus?: "HEALTHY" | "DEGRADED" | "UNHEALTHY" | "UNKNOWN";
  /** The last health check folded, with what drifted. */
  readonly healthState?: {
    readonly since: string;
    readonly reason?: string;
    readonly drift?: readonly string[];
  };
  readonly backups: readonly Backup[];
  readonly operation: OperationView;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly _links: Links;
}

/** A list's item (`InstanceSummary` in the OpenAPI): the table's columns; `_links.self` is the whole instance. */
export interface InstanceSummary {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: string;
  readonly state: string;
  readonly healthStatus?: Instance["healthStatus"];
  /** What drifted (the instance's `healthState.drift`), only when something did. */
  readonly drift?: readonly string[];
  readonly operation: { readonly kind: string; readonly status: string };
  readonly createdAt: string;
  readonly _links: { readonly self: Link };
}

export interface InstanceList {
  readonly items: readonly InstanceSummary[];
  readonly pageSize: number;
  readonly moreAvailable: boolean;
  readonly nextStartAt?: string;
}

export interface TimelineEntry {
  readonly eventId: string;
  readonly type: string;
  readonly source: string;
  readonly occurredAt: string;
  readonly causationId: string | null;
  readonly data: unknown;
}

export interface MetricSeries {
  readonly name: string;
  readonly unit: string;
  readonly points: readonly { readonly timestamp: string; readonly value: number }[];
}

export interface LogEvent {
  readonly timestamp: string;
  readonly message: string;
}

export interface DeadLetterQueue {
  readonly consumer: string;
  readonly queue: string;
  readonly approximateCount: number;
  readonly messages: readonly {
    readonly messageId: string;
    readonly receiveCount?: number;
    readonly sentAt?: string;
    readonly detailType?: string;
    readonly instanceId?: string;
    readonly tenantId?: string;
    readonly bodyExcerpt: string;
  }[];
}

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}
