import { type InstanceRef, resourceNames, resourceTags, SSO_CLIENT_SECRET_KEY } from "@bbws/contracts";

/** The groups every tenant pool has, mapped by the WordPress SSO plugin to WordPress roles. */
export const IDENTITY_GROUPS = [
  { name: "Admin", precedence: 1, description: "WordPress administrators" },
  { name: "Editor", precedence: 2, description: "WordPress editors" },
  { name: "Viewer", precedence: 3, description: "WordPress subscribers: read only" },
] as const;

/** The OAuth scopes the WordPress SSO plugin asks for. */
export const SSO_SCOPES = ["openid", "email", "profile"] as const;

/** What one instance's identity is called and how it is found again after a crash. */
export interface IdentityPlan {
  readonly userPool: string;
  readonly domainPrefix: string;
  readonly appClient: string;
  readonly secretName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Resource-record keys: per instance, so a leftover of an earlier instance is never adopted. */
  readonly recordKeys: { readonly userPool: string; readonly appClient: string };
}

export function identityPlan(instance: InstanceRef): IdentityPlan {
  const names = resourceNames(instance.tenantId, instance.environment);
  return {
    userPool: names.userPool,
    domainPrefix: names.cognitoDomainPrefix,
    appClient: `${names.cognitoDomainPrefix}-wordpress`,
    secretName: `bbws/${instance.tenantId}/${instance.environment}/sso-client`,
    tags: resourceTags(instance),
    recordKeys: {
      userPool: `identity/user-pool/${instance.instanceId}`,
      appClient: `identity/app-client/${instance.instanceId}`,
    },
  };
}

/** Where Cognito sends the browser back: WordPress's login page, and its logged-out page. */
export function ssoUrls(siteOrigin: string) {
  const origin = siteOrigin.replace(/\/+$/, "");
  return {
    callback: `${origin}/wp-login.php`,
    logout: `${origin}/wp-login.php?loggedout=true`,
  };
}

/** The hosted UI's host name: `{prefix}.auth.{region}.amazoncognito.com` on AWS. */
export function hostedDomainOf(domainPrefix: string, suffix: string): string {
  return `${domainPrefix}.${suffix}`;
}

/** Is the instance's tag set on a resource we found by name? Names alone are shared by environments. */
export function belongsTo(
  tags: Readonly<Record<string, string>> | undefined,
  instance: InstanceRef,
): boolean {
  return tags?.["bbws:instanceId"] === instance.instanceId;
}

/** What the secret holds: the plugin needs both; only the secret's reference ever travels. */
export function clientSecretValue(input: { clientId: string; clientSecret: string }): string {
  return JSON.stringify({ clientId: input.clientId, [SSO_CLIENT_SECRET_KEY]: input.clientSecret });
}
