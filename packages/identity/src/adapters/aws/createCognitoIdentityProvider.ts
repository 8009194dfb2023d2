import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceSpec } from "@bbws/contracts";
import { createRateLimiter, type RateLimiter, type ResourceRecords } from "@bbws/mesh";
import { clientSecretValue, hostedDomainOf, identityPlan } from "../../domain/identityPlan.ts";
import type { IdentityProvider, SecretStore } from "../../ports.ts";
import { describeAppClient, ensureAppClient } from "./appClientStep.ts";
import { createAwsCall } from "./awsCall.ts";
import type { CognitoContext } from "./cognitoContext.ts";
import { ensureDomain, ensureGroups, releaseDomain } from "./groupsAndDomainSteps.ts";
import { deleteAppClient, deleteUserPool, findIdentity, forgetIdentity } from "./releaseSteps.ts";
import { ensureUserPool } from "./userPoolStep.ts";

export { DEFAULT_USER_POOL_QUOTA } from "./userPoolStep.ts";
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
  /** Share ONE limiter among everything that writes to Cognito in this process. */
  readonly limiter?: RateLimiter;
  readonly clock?: () => Date;
}

/**
 * Per-tenant identity on Cognito: user pool, SSO app client with a secret,
 * groups, hosted domain, and the client secret in the given secret store,
 * one step a method (the identity decider chooses the order).
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
  const { create: createsDomain, suffix } = options.hostedDomain;

  return {
    createUserPool: (instance) => ensureUserPool(context, { instance, plan: identityPlan(instance) }),
    createAppClient: (instance, { userPoolId, spec }) =>
      ensureAppClient(context, {
        instance,
        plan: identityPlan(instance),
        userPoolId,
        siteOrigin: siteOrigin(spec),
      }),
    createGroups: (_instance, userPoolId) => ensureGroups(context, userPoolId),
    async createDomain(instance, userPoolId) {
      const { domainPrefix } = identityPlan(instance);
      if (createsDomain) await ensureDomain(context, domainPrefix, userPoolId);
      return hostedDomainOf(domainPrefix, suffix);
    },
    async storeClientSecret(instance, { userPoolId, appClientId }) {
      const client = await describeAppClient(context, userPoolId, appClientId);
      return options.secrets.put({
        name: identityPlan(instance).secretName,
        value: clientSecretValue(client),
        instance,
        idempotencyKey: client.clientId,
      });
    },
    findIdentity: (instance) => findIdentity(context, { instance, plan: identityPlan(instance) }),
    async deleteDomain(instance, userPoolId) {
      const { domainPrefix } = identityPlan(instance);
      return createsDomain && (await releaseDomain(context, domainPrefix, userPoolId)) ? [domainPrefix] : [];
    },
    deleteAppClient: (instance, ids) => deleteAppClient(context, { plan: identityPlan(instance), ...ids }),
    deleteUserPool: (instance, userPoolId) =>
      deleteUserPool(context, { plan: identityPlan(instance), userPoolId }),
    async deleteClientSecret(instance) {
      const { secretName } = identityPlan(instance);
      return (await options.secrets.remove(secretName, instance)) ? [secretName] : [];
    },
    forgetIdentity: (instance) => forgetIdentity(context, identityPlan(instance)),
  };
}
