import { z } from "zod";
import { EnvironmentSchema, TenantIdSchema } from "./identifiers.ts";

/** Fargate-valid cpu/memory pairs; desiredCount is the preset's default task count. */
export const SIZE_PRESETS = {
  small: { cpu: 256, memoryMiB: 512, desiredCount: 1 },
  medium: { cpu: 512, memoryMiB: 1024, desiredCount: 2 },
  large: { cpu: 1024, memoryMiB: 2048, desiredCount: 3 },
} as const;
export const SIZES = ["small", "medium", "large"] as const;
export const SizeSchema = z.enum(SIZES, { error: () => `size must be one of ${SIZES.join(", ")}` });
export type Size = z.infer<typeof SizeSchema>;

export const DESIRED_COUNT_MIN = 1;
export const DESIRED_COUNT_MAX = 10;
export const DesiredCountSchema = z
  .number({ error: "desiredCount must be a number" })
  .int({ error: "desiredCount must be a whole number" })
  .min(DESIRED_COUNT_MIN, { error: `desiredCount must be at least ${DESIRED_COUNT_MIN}` })
  .max(DESIRED_COUNT_MAX, { error: `desiredCount must be at most ${DESIRED_COUNT_MAX}` });

export const WORDPRESS_VERSION_PATTERN = /^\d+\.\d+(\.\d+)?$/;
export const WordPressSchema = z.object({
  version: z
    .string()
    .regex(WORDPRESS_VERSION_PATTERN, { error: "wordpress.version must look like 6.4 or 6.4.3" }),
  image: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-z0-9][a-z0-9._/:@-]*$/, { error: "wordpress.image must be a container image reference" }),
});

/** A DNS hostname: lowercase labels of letters, digits and inner hyphens. */
export const HostnameSchema = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    error: "hostname must be a lowercase DNS name such as acme.sites.example.com",
  });

export const InstanceSpecSchema = z.object({
  tenantId: TenantIdSchema,
  environment: EnvironmentSchema,
  size: SizeSchema,
  desiredCount: DesiredCountSchema,
  wordpress: WordPressSchema,
  hostname: HostnameSchema,
});
export type InstanceSpec = z.infer<typeof InstanceSpecSchema>;

export function sizePreset(size: Size) {
  return SIZE_PRESETS[size];
}
