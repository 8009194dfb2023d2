import { z } from "zod";
import { albPoolProblems } from "../adapters/aws/ruleSlots.ts";

const elbArn = (what: string) =>
  z
    .string()
    .regex(/^arn:aws[a-z-]*:elasticloadbalancing:/, { error: `${what} must be an elasticloadbalancing ARN` });

/**
 * The served environment's ALB pool: the one schema of the deploy-time configuration
 * (BBWS_SHARED_INFRA.albPool) and of the functions that read it. Each ALB's priority range
 * is checked as the allocator will use it (ruleSlots.ts albPoolProblems). Routing's Lambda and
 * the orphan scan read it from the slot table (adapters/aws/albPoolItem.ts), where the deploy
 * writes it. Not an environment variable: Lambda allows 4 KB of them per function and the
 * pool grows by ~240 B per ALB.
 */
export const AlbPoolSchema = z
  .array(
    z.object({
      loadBalancerArn: elbArn("loadBalancerArn"),
      listenerArn: elbArn("listenerArn"),
      priorityOffset: z.number().int().min(0).optional(),
      capacity: z.number().int().positive().optional(),
      ownRules: z.number().int().min(0).optional(),
    }),
  )
  .min(1)
  .superRefine((pool, context) => {
    for (const problem of albPoolProblems(pool)) context.addIssue({ code: "custom", message: problem });
  });

/** The base domain's hosted zone (`BBWS_HOSTED_ZONE_ID`): per-tenant alias records. Absent: a wildcard record. */
export const HostedZoneEnvSchema = z
  .string()
  .regex(/^Z[A-Z0-9]{1,32}$/, { error: "must be a Route 53 hosted zone id" })
  .optional();
