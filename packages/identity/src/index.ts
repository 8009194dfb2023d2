export {
  COGNITO_WRITE_BURST,
  CognitoWritesEnvSchema,
  createCognitoWriteLimiters,
} from "./adapters/aws/cognitoWriteLimiters.ts";
export {
  type AwsIdentityInventoryOptions,
  createAwsIdentityInventory,
} from "./adapters/aws/createAwsIdentityInventory.ts";
export { createCognitoIdentityDriftCheck } from "./adapters/aws/createCognitoIdentityDriftCheck.ts";
export {
  COGNITO_WRITES_PER_SECOND,
  type CognitoIdentityProviderOptions,
  cognitoDomainSuffix,
  createCognitoIdentityProvider,
  DEFAULT_USER_POOL_QUOTA,
} from "./adapters/aws/createCognitoIdentityProvider.ts";
export {
  clientRequestToken,
  createSecretsManagerSecretStore,
} from "./adapters/aws/createSecretsManagerSecretStore.ts";
export {
  createLocalIdentityInventory,
  type LocalIdentityInventoryOptions,
} from "./adapters/local/createLocalIdentityInventory.ts";
export {
  createLocalIdentityProvider,
  LOCAL_HOSTED_DOMAIN_SUFFIX,
  type LocalIdentityProviderOptions,
  startLocalIdentity,
} from "./adapters/local/createLocalIdentityProvider.ts";
export { createLocalSecretStore } from "./adapters/local/createLocalSecretStore.ts";
export {
  type LocalCognito,
  type LocalCognitoOptions,
  startLocalCognito,
} from "./adapters/local/startLocalCognito.ts";
export {
  createIdentityService,
  type IdentityServiceDeps,
  identityDecider,
} from "./application/createIdentityService.ts";
export { IDENTITY_CODES, IdentityError, type IdentityErrorCode } from "./domain/errors.ts";
export { decideIdentity, evolveIdentity } from "./domain/identityDecider.ts";
export { IDENTITY_GROUPS, SSO_SCOPES } from "./domain/identityPlan.ts";
export type { FoundIdentity, IdentityEffect, IdentityState } from "./domain/identityState.ts";
export { createIdentitySqsHandler } from "./handlers/createIdentitySqsHandler.ts";
export type { IdentityProvider, SecretStore } from "./ports.ts";
