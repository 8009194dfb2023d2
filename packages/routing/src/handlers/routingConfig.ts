import { z } from "zod";

/**
 * The served environment's ALB pool: routing's Lambda and the orphan scan read it from the slot
 * table (adapters/aws/albPoolItem.ts), where the deploy writes it. Not an environment variable:
 * Lambda allows 4 KB of them per function and the pool grows by ~240 B per ALB.
 */
export const AlbPoolSchema = z
  .array(
    z.object({
      loadBalancerArn: z.string().startsWith("arn:"),
      listenerArn: z.string().startsWith("arn:"),
      capacity: z.number().int().positive().optional(),
    }),
  )
  .min(1);

/** The base domain's hosted zone (`BBWS_HOSTED_ZONE_ID`): per-tenant alias records. Absent: a wildcard record. */
export const HostedZoneEnvSchema = z
  .string()
  .regex(/^Z[A-Z0-9]{1,32}$/, { error: "must be a Route 53 hosted zone id" })
  .optional();
