import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceSpec } from "@bbws/contracts";
import { createRateLimiter, type RateLimiter, type ResourceRecords } from "@bbws/mesh";
import { clientSecretValue, hostedDomainOf, identityPlan } from "../../domain/identityPlan.ts";
import type { IdentityProvider, SecretStore } from "../../ports.ts";
import { ensureAppClient } from "./appClientStep.ts";
import { createAwsCall } from "./awsCall.ts";
import type { CognitoContext } from "./cognitoContext.ts";
import { ensureDomain, ensureGroups } from "./groupsAndDomainSteps.ts";
import { releaseIdentity } from "./releaseIdentity.ts";
import { ensureUserPool } from "./userPoolStep.ts";

/** Cognito's default quota of user pools per region. */
export const DEFAULT_USER_POOL_QUOTA = 1_000;
/** Cognito's create/update/delete calls share 15 requests per second per account and region. */
export const COGNITO_WRITES_PER_SECOND = 15;

/** The hosted UI's host suffix in a region. */
export function cognitoDomainSuffix(region: string): string {
  return `auth.${region}.amazoncognito.com`;
}

export interface CognitoIdentityProviderOptions {
  readonly client: CognitoIdentityProviderClient;
  readonly secrets: SecretStore;
  readonly records: ResourceRecords;
  /**
   * The hosted UI domain `{prefix}.{suffix}`. `create: false` reports the name
   * without creating it: cognito-local implements no domains.
   */
  readonly hostedDomain: { readonly create: boolean; readonly suffix: string };
  /** The tenant site's origin for the SSO callback; default `https://{hostname}`. */
  readonly siteOrigin?: (spec: InstanceSpec) => string;
  readonly userPoolQuota?: number;
  /** Share ONE limiter among everything that writes to Cognito in this process. */
  readonly limiter?: RateLimiter;
  readonly clock?: () => Date;
}

/**
 * Per-tenant identity on Cognito: user pool, SSO app client with a secret,
 * groups, hosted domain, and the client secret in the given secret store.
 */
export function createCognitoIdentityProvider(options: CognitoIdentityProviderOptions): IdentityProvider {
  const limiter =
    options.limiter ?? createRateLimiter({ ratePerSecond: COGNITO_WRITES_PER_SECOND, burst: 1 });
  const context: CognitoContext = {
    client: options.client,
    aws: createAwsCall({ limiter }),
    records: options.records,
    clock: options.clock ?? (() => new Date()),
  };
  const siteOrigin = options.siteOrigin ?? ((spec: InstanceSpec) => `https://${spec.hostname}`);
  const quota = options.userPoolQuota ?? DEFAULT_USER_POOL_QUOTA;
  const { create: createsDomain, suffix } = options.hostedDomain;

  return {
    async ensureIdentity(instance, spec) {
      const plan = identityPlan(instance);
      const userPoolId = await ensureUserPool(context, { instance, plan, quota });
      const client = await ensureAppClient(context, {
        instance,
        plan,
        userPoolId,
        siteOrigin: siteOrigin(spec),
      });
      await ensureGroups(context, userPoolId);
      if (createsDomain) await ensureDomain(context, plan.domainPrefix, userPoolId);
      const clientSecretRef = await options.secrets.put({
        name: plan.secretName,
        value: clientSecretValue(client),
        instance,
        idempotencyKey: client.clientId,
      });
      return {
        userPoolId,
        appClientId: client.clientId,
        hostedDomain: hostedDomainOf(plan.domainPrefix, suffix),
        clientSecretRef,
      };
    },
    async releaseIdentity(instance) {
      const plan = identityPlan(instance);
      return releaseIdentity(context, { instance, plan, createsDomain, secrets: options.secrets });
    },
  };
}
