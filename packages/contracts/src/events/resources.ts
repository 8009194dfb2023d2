import { z } from "zod";
import { defineEvent, type Producer } from "../envelope.ts";
import { FailureSchema } from "../failure.ts";
import { OperationIdSchema } from "../identifiers.ts";
import {
  ArchiveSchema,
  ComputeOutputsSchema,
  IdentityOutputsSchema,
  RoutingOutputsSchema,
  StorageOutputsSchema,
} from "./outputs.ts";

const ReleasedSchema = z.object({
  operationId: OperationIdSchema,
  reason: z.enum(["rollback", "deprovision"]),
  /** Names of what was deleted, for the audit trail (empty when nothing existed). */
  released: z.array(z.string()),
});

function readyEvent<const Name extends string, Outputs extends z.ZodObject>(
  name: Name,
  producer: Producer,
  outputs: Outputs,
  what: string,
) {
  return defineEvent({
    name,
    producer,
    description: `${what} exist for the instance.`,
    data: z.object({ operationId: OperationIdSchema, outputs }),
  });
}

function failedEvent<const Name extends string>(name: Name, producer: Producer) {
  return defineEvent({
    name,
    producer,
    description: `The ${producer} service could not complete its step; \`retryable\` says whether trying again may help.`,
    data: FailureSchema,
  });
}

function releasedEvent<const Name extends string, Extra extends z.ZodRawShape>(
  name: Name,
  producer: Producer,
  extra: Extra,
) {
  return defineEvent({
    name,
    producer,
    description: `The ${producer} service deleted everything it held for the instance.`,
    data: ReleasedSchema.extend(extra),
  });
}

export const IdentityReady = readyEvent(
  "IdentityReady",
  "identity",
  IdentityOutputsSchema,
  "The Cognito user pool, app client, domain and groups",
);
export const IdentityFailed = failedEvent("IdentityFailed", "identity");
export const IdentityReleased = releasedEvent("IdentityReleased", "identity", {});

export const StorageReady = readyEvent(
  "StorageReady",
  "storage",
  StorageOutputsSchema,
  "The EFS access point, database, database user and credentials secret",
);
export const StorageFailed = failedEvent("StorageFailed", "storage");
export const StorageReleased = releasedEvent("StorageReleased", "storage", {
  archive: ArchiveSchema.optional(),
});

export const RoutingReady = readyEvent(
  "RoutingReady",
  "routing",
  RoutingOutputsSchema,
  "The target group and host-header listener rule",
);
export const RoutingFailed = failedEvent("RoutingFailed", "routing");
export const RoutingReleased = releasedEvent("RoutingReleased", "routing", {});

export const ComputeReady = readyEvent(
  "ComputeReady",
  "compute",
  ComputeOutputsSchema,
  "The task definition and service",
);
export const ComputeFailed = failedEvent("ComputeFailed", "compute");
export const ComputeReleased = releasedEvent("ComputeReleased", "compute", {});

export const InstanceHealthy = defineEvent({
  name: "InstanceHealthy",
  producer: "compute",
  description: "The service is steady, its target healthy, and WordPress answers HTTP 200.",
  data: z.object({ operationId: OperationIdSchema, url: z.url(), httpStatus: z.number().int() }),
});

export const InstanceUnhealthy = defineEvent({
  name: "InstanceUnhealthy",
  producer: "compute",
  description: "WordPress did not become healthy in time (a failure of the provisioning step).",
  data: FailureSchema,
});
