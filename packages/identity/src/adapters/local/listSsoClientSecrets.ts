import { EnvironmentSchema, type OwnedResource, TenantIdSchema } from "@bbws/contracts";
import type { LocalSecrets } from "@bbws/local-cloud";

const SSO_CLIENT_SECRET = /^local-secret:bbws\/([^/]+)\/([^/]+)\/sso-client$/;

/**
 * The SSO client secrets the local secret store holds, `local-secret:bbws/{tenantId}/{env}/sso-client`.
 * They carry no instance: the scan attributes them by tenant and environment.
 */
export function listSsoClientSecrets(secrets: LocalSecrets): OwnedResource[] {
  return secrets.list().flatMap((id) => {
    const [, tenant, env] = SSO_CLIENT_SECRET.exec(id) ?? [];
    const tenantId = TenantIdSchema.safeParse(tenant);
    const environment = EnvironmentSchema.safeParse(env);
    if (!tenantId.success || !environment.success) return [];
    return [
      {
        service: "identity" as const,
        kind: "secret",
        id,
        tenantId: tenantId.data,
        environment: environment.data,
      },
    ];
  });
}
