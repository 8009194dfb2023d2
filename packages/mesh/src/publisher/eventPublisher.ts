import type { BusEvent } from "@bbws/contracts";

/** Port: puts events on the bus. Resolves once every event is accepted, or throws PublishError. */
export interface EventPublisher {
  publish(events: readonly BusEvent[]): Promise<void>;
}

export interface FailedEntry {
  /** `detail.meta.eventId` of the event that was not accepted. */
  readonly eventId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

export class PublishError extends Error {
  readonly code = "MESH.PUBLISH_FAILED";
  readonly failures: readonly FailedEntry[];

  constructor(failures: readonly FailedEntry[], options?: { cause?: unknown }) {
    const list = failures.map(
      (failure) => `${failure.eventId} (${failure.errorCode}: ${failure.errorMessage})`,
    );
    super(`failed to publish ${failures.length} event(s): ${list.join("; ")}`, { cause: options?.cause });
    this.name = "PublishError";
    this.failures = failures;
  }
}
