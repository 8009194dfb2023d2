import { readdirSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentSchema, type OwnedResource, TenantIdSchema } from "@bbws/contracts";

/**
 * The SSO client secret files the local secret store holds:
 * `{secretsDir}/bbws/{tenantId}/{env}/sso-client.secret` → `local-secret:bbws/{tenantId}/{env}/sso-client`.
 * Files carry no instance: the scan attributes them by tenant and environment.
 */
export function listSsoClientSecrets(secretsDir: string): OwnedResource[] {
  const root = join(secretsDir, "bbws");
  return entries(root).flatMap((tenant) => {
    const tenantId = TenantIdSchema.safeParse(tenant);
    if (!tenantId.success) return [];
    return entries(join(root, tenant)).flatMap((env) => {
      const environment = EnvironmentSchema.safeParse(env);
      if (!environment.success || !entries(join(root, tenant, env)).includes("sso-client.secret")) return [];
      return [
        {
          service: "identity" as const,
          kind: "secret",
          id: `local-secret:bbws/${tenantId.data}/${environment.data}/sso-client`,
          tenantId: tenantId.data,
          environment: environment.data,
        },
      ];
    });
  });
}

function entries(directory: string): string[] {
  try {
    return readdirSync(directory).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
