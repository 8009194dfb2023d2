import { z } from "zod";
import { defineEvent } from "../envelope.ts";
import { OperationIdSchema } from "../identifiers.ts";
import { OrphanSchema } from "../inventory.ts";
import { ArchiveSchema } from "./outputs.ts";

export const DeprovisionStarted = defineEvent({
  name: "DeprovisionStarted",
  producer: "ledger",
  description:
    "The instance is PENDING_DEPRO; the ledger asks each service in turn to release (ReleaseRequested).",
  data: z.object({ operationId: OperationIdSchema }),
});

export const InstanceDeprovisioned = defineEvent({
  name: "InstanceDeprovisioned",
  producer: "ledger",
  description: "Every resource is gone; the database and content were archived first.",
  data: z.object({ operationId: OperationIdSchema, archive: ArchiveSchema.optional() }),
});

export const OrphansFound = defineEvent({
  name: "OrphansFound",
  producer: "ledger",
  scope: "tenant",
  description:
    "The orphan scan found resources of this tenant that belong to no live instance (none, DEPROVISIONED " +
    "or FAILED). One event per tenant and scan; an operator cleans up with POST /v1.0/orphans/cleanup.",
  data: z.object({ scanId: z.uuid(), orphans: z.array(OrphanSchema).min(1) }),
});
