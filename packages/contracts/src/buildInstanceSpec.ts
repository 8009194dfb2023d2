import type { Environment, TenantId } from "./identifiers.ts";
import { type InstanceSpec, InstanceSpecSchema, type Size, sizePreset } from "./instanceSpec.ts";

/** Platform defaults a request may leave out (configuration of the API and the intake). */
export interface SpecDefaults {
  readonly wordpress: InstanceSpec["wordpress"];
  /** Tenants are served at `{tenantId}.{baseDomain}`. */
  readonly baseDomain: string;
}

export interface SpecRequest {
  readonly tenantId: TenantId;
  readonly environment: Environment;
  readonly size?: Size;
  readonly desiredCount?: number;
  readonly wordpress?: InstanceSpec["wordpress"];
  readonly hostname?: string;
}

/** One rule for filling a provisioning request, shared by POST /instances and TenantCreated. */
export function buildInstanceSpec(request: SpecRequest, defaults: SpecDefaults): InstanceSpec {
  const size = request.size ?? "small";
  return InstanceSpecSchema.parse({
    tenantId: request.tenantId,
    environment: request.environment,
    size,
    desiredCount: request.desiredCount ?? sizePreset(size).desiredCount,
    wordpress: request.wordpress ?? defaults.wordpress,
    hostname: request.hostname ?? `${request.tenantId}.${defaults.baseDomain}`,
  });
}
