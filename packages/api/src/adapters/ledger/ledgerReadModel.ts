import type {
  Backup,
  CommandResult,
  Environment,
  InstanceSpec,
  InstanceState,
  LedgerCommand,
  OperationKind,
  OperationStatus,
  Service,
} from "@bbws/contracts";
import type { RESOURCE_STATUSES } from "../../domain/viewSchemas.ts";

/**
 * The parts of the ledger's records the API reads, written structurally so that the
 * API never imports @bbws/ledger (boundary rule) while the composition root can pass
 * the ledger's own store and service: TypeScript checks they fit where they are wired.
 */
export interface LedgerOperationRecord {
  readonly operationId: string;
  readonly kind: OperationKind;
  readonly status: OperationStatus;
  readonly requestedAt: string;
  readonly deadlineAt: string;
  readonly finishedAt?: string;
  readonly failure?: { readonly code: string; readonly reason: string; readonly service?: string };
}

export interface LedgerInstanceRecord {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
  readonly spec: InstanceSpec;
  readonly state: InstanceState;
  readonly resources: Readonly<Record<Service, (typeof RESOURCE_STATUSES)[number]>>;
  readonly outputs: {
    readonly routing?: { readonly url: string };
    readonly health?: { readonly url: string; readonly httpStatus: number };
  };
  readonly operation: LedgerOperationRecord;
  readonly backups: readonly Backup[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LedgerLoggedEvent {
  readonly event: {
    readonly source: string;
    readonly "detail-type": string;
    readonly detail: {
      readonly meta: {
        readonly eventId: string;
        readonly occurredAt: string;
        readonly correlationId: string;
        readonly causationId: string | null;
      };
      readonly data: unknown;
    };
  };
  readonly loggedAt: string;
}

/** What `LedgerStore` (of @bbws/ledger) offers for reading. */
export interface LedgerReadModel {
  get(instanceId: string): Promise<{ readonly record: LedgerInstanceRecord } | null>;
  list(query: {
    readonly tenantId?: string;
    readonly state?: InstanceState;
    readonly environment?: Environment;
    readonly limit: number;
    readonly startAt?: string;
  }): Promise<{ readonly items: readonly LedgerInstanceRecord[]; readonly nextStartAt?: string }>;
  getOperation(
    operationId: string,
  ): Promise<(LedgerOperationRecord & { readonly instanceId: string }) | null>;
  events(instanceId: string): Promise<readonly LedgerLoggedEvent[]>;
}

/** What `LedgerService` (of @bbws/ledger) offers for commands. */
export interface LedgerCommandHandler {
  handleCommand(command: LedgerCommand): Promise<CommandResult>;
}
