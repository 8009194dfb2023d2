import { jsonEnv } from "@bbws/mesh";
import { z } from "zod";

/** The served environment's ALB pool (`BBWS_ALB_POOL`): routing's Lambda and the orphan scan read it. */
export const AlbPoolEnvSchema = jsonEnv(
  z
    .array(
      z.object({
        loadBalancerArn: z.string().startsWith("arn:"),
        listenerArn: z.string().startsWith("arn:"),
        capacity: z.number().int().positive().optional(),
      }),
    )
    .min(1),
);

/** The base domain's hosted zone (`BBWS_HOSTED_ZONE_ID`): per-tenant alias records. Absent: a wildcard record. */
export const HostedZoneEnvSchema = z
  .string()
  .regex(/^Z[A-Z0-9]{1,32}$/, { error: "must be a Route 53 hosted zone id" })
  .optional();
