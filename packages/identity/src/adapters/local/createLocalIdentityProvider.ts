import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceSpec } from "@bbws/contracts";
import { createFileResourceRecords, createLocalSecrets, type LocalSecrets } from "@bbws/local-cloud";
import { awsSdkRetrySettings, type RateLimiter, type ResourceRecords } from "@bbws/mesh";
import type { IdentityProvider } from "../../ports.ts";
import {
  createCognitoIdentityProvider,
  DEFAULT_USER_POOL_QUOTA,
} from "../aws/createCognitoIdentityProvider.ts";
import { createLocalSecretStore } from "./createLocalSecretStore.ts";
import { enforceUserPoolQuota } from "./localUserPoolQuota.ts";
import { type LocalCognito, startLocalCognito } from "./startLocalCognito.ts";

/** Where the local stack reports the hosted UI: no domain exists, cognito-local serves `/oauth2/*` itself. */
export const LOCAL_HOSTED_DOMAIN_SUFFIX = "auth.localhost";

export interface LocalIdentityProviderOptions {
  /** Records go to `{dataDir}/identity/records`, secrets to `{dataDir}/secrets` unless given. */
  readonly dataDir: string;
  /** A cognito-local server (see `startLocalCognito`). */
  readonly cognitoEndpoint: string;
  readonly records?: ResourceRecords;
  /** Share the stack's local secrets with the other services. */
  readonly secrets?: LocalSecrets;
  /** The tenant site's origin for the SSO callback; default `http://{hostname}`. */
  readonly siteOrigin?: (spec: InstanceSpec) => string;
  /**
   * The region's user pool quota, refused as Cognito refuses it (`LimitExceededException` on
   * CreateUserPool): cognito-local has none of its own. Default Cognito's 1,000.
   */
  readonly userPoolQuota?: number;
  /** Default: none (cognito-local has no account-wide write rate; AWS's 15/s is the AWS adapter's). */
  readonly limiter?: RateLimiter;
  readonly clock?: () => Date;
}

/** cognito-local's writes go out as they come: it has no account-wide rate to respect. */
const UNLIMITED: RateLimiter = { acquire: async () => undefined };

/**
 * The embedded stack's identity: the same Cognito adapter as on AWS, pointed
 * at a cognito-local server, without a hosted domain (cognito-local has none)
 * and with the client secret in a 0600 file instead of Secrets Manager.
 */
export function createLocalIdentityProvider(options: LocalIdentityProviderOptions): IdentityProvider {
  const client = enforceUserPoolQuota(
    new CognitoIdentityProviderClient({
      ...awsSdkRetrySettings(),
      endpoint: options.cognitoEndpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    options.userPoolQuota ?? DEFAULT_USER_POOL_QUOTA,
  );
  const secrets = options.secrets ?? createLocalSecrets(join(options.dataDir, "secrets"));
  return createCognitoIdentityProvider({
    client,
    secrets: createLocalSecretStore(secrets),
    records: options.records ?? createFileResourceRecords(join(options.dataDir, "identity", "records")),
    hostedDomain: { create: false, suffix: LOCAL_HOSTED_DOMAIN_SUFFIX },
    siteOrigin: options.siteOrigin ?? ((spec) => `http://${spec.hostname}`),
    // Cognito's 15 writes/s is an account quota on AWS; cognito-local has none. Paced at AWS's
    // rate, ten tenants at once (six writes each) queued 4 s here for a limit that is not there.
    limiter: options.limiter ?? UNLIMITED,
    clock: options.clock,
  });
}

/**
 * For the local runtime: starts cognito-local with its data under
 * `{dataDir}/cognito` and returns the provider over it; `stop` ends the server.
 */
export async function startLocalIdentity(
  options: Omit<LocalIdentityProviderOptions, "cognitoEndpoint"> & { readonly port?: number },
): Promise<{ provider: IdentityProvider; cognito: LocalCognito }> {
  const cognito = await startLocalCognito({ dataDir: join(options.dataDir, "cognito"), port: options.port });
  return {
    provider: createLocalIdentityProvider({ ...options, cognitoEndpoint: cognito.endpoint }),
    cognito,
  };
}
