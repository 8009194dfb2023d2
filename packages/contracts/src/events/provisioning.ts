import { z } from "zod";
import { defineEvent } from "../envelope.ts";
import { FailureCodeSchema } from "../failure.ts";
import { EnvironmentSchema, OperationIdSchema, ServiceSchema, TenantIdSchema } from "../identifiers.ts";
import { HostnameSchema, InstanceSpecSchema, SizeSchema } from "../instanceSpec.ts";
import {
  ComputeOutputsSchema,
  IdentityOutputsSchema,
  RoutingOutputsSchema,
  StorageOutputsSchema,
} from "./outputs.ts";

export const TenantCreated = defineEvent({
  name: "TenantCreated",
  producer: "tenant-management",
  scope: "tenant",
  description: "Upstream Tenant Management created a tenant; Instance Management provisions its environment.",
  data: z.object({
    tenantId: TenantIdSchema,
    organisationName: z.string().min(1).max(200),
    environment: EnvironmentSchema,
    size: SizeSchema.optional(),
    hostname: HostnameSchema.optional(),
  }),
});

export const InstanceRequested = defineEvent({
  name: "InstanceRequested",
  producer: "ledger",
  description:
    "The ledger accepted a provisioning request; identity, storage and routing create their resources.",
  data: z.object({ operationId: OperationIdSchema, spec: InstanceSpecSchema }),
});

export const ComputeRequested = defineEvent({
  name: "ComputeRequested",
  producer: "ledger",
  description: "Identity, storage and routing are ready; compute starts WordPress with their outputs.",
  data: z.object({
    operationId: OperationIdSchema,
    spec: InstanceSpecSchema,
    identity: IdentityOutputsSchema,
    storage: StorageOutputsSchema,
    routing: RoutingOutputsSchema,
  }),
});

export const InstanceActivated = defineEvent({
  name: "InstanceActivated",
  producer: "ledger",
  description: "The instance is healthy and ACTIVE. Tenant Management marks the tenant active.",
  data: z.object({ operationId: OperationIdSchema, url: z.url(), compute: ComputeOutputsSchema }),
});

export const ProvisioningFailed = defineEvent({
  name: "ProvisioningFailed",
  producer: "ledger",
  description:
    "The first failure of a provisioning; the instance is ROLLING_BACK and every service releases.",
  data: z.object({
    operationId: OperationIdSchema,
    failedService: ServiceSchema.or(z.literal("ledger")),
    code: FailureCodeSchema,
    reason: z.string().min(1),
  }),
});

export const InstanceRolledBack = defineEvent({
  name: "InstanceRolledBack",
  producer: "ledger",
  description: "Every service released what it created; the instance is FAILED with no resources left.",
  data: z.object({ operationId: OperationIdSchema, code: FailureCodeSchema, reason: z.string().min(1) }),
});

export const ReleaseRequested = defineEvent({
  name: "ReleaseRequested",
  producer: "ledger",
  description:
    "The ledger asks one service to release everything it holds for the instance " +
    "(rollback, or deprovisioning in the HLD order routing, compute, identity, storage).",
  data: z.object({
    operationId: OperationIdSchema,
    service: ServiceSchema,
    reason: z.enum(["rollback", "deprovision"]),
    /** Storage archives the database and content before dropping them (deprovision only). */
    archive: z.boolean(),
  }),
});
