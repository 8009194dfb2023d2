import { z } from "zod";
import { OperationIdSchema } from "./identifiers.ts";

/** Machine-readable failure code, `AREA.REASON` (e.g. `ROUTING.CAPACITY_EXHAUSTED`). */
export const FailureCodeSchema = z.string().regex(/^[A-Z]+\.[A-Z0-9_]+$/, {
  error: "code must look like AREA.REASON, e.g. STORAGE.DATABASE_UNAVAILABLE",
});

export const FailureSchema = z.object({
  operationId: OperationIdSchema,
  code: FailureCodeSchema,
  reason: z.string().min(1).max(2000),
  retryable: z.boolean(),
});
export type Failure = z.infer<typeof FailureSchema>;
