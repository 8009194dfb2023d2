import { z } from "zod";
import { defineEvent } from "../envelope.ts";
import { OperationIdSchema } from "../identifiers.ts";
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
