import type {
  CreateGroupCommandInput,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { IDENTITY_GROUPS, type IdentityPlan, SSO_SCOPES, ssoUrls } from "../../domain/identityPlan.ts";

/**
 * The tenant's pool: users are invited by an admin (no self sign-up), sign in
 * with their email, and recover through it. Deletion protection stays off so
 * deprovisioning can delete the pool.
 */
export function userPoolInput(plan: IdentityPlan): CreateUserPoolCommandInput {
  return {
    PoolName: plan.userPool,
    Policies: {
      PasswordPolicy: {
        MinimumLength: 12,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 7,
      },
    },
    UsernameAttributes: ["email"],
    UsernameConfiguration: { CaseSensitive: false },
    AutoVerifiedAttributes: ["email"],
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
    MfaConfiguration: "OFF",
    DeletionProtection: "INACTIVE",
    UserPoolTags: { ...plan.tags },
  };
}

/** The WordPress SSO plugin's client: a confidential client on the authorization-code flow. */
export function appClientInput(
  plan: IdentityPlan,
  userPoolId: string,
  siteOrigin: string,
): CreateUserPoolClientCommandInput {
  const urls = ssoUrls(siteOrigin);
  return {
    UserPoolId: userPoolId,
    ClientName: plan.appClient,
    GenerateSecret: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: [...SSO_SCOPES],
    CallbackURLs: [urls.callback],
    DefaultRedirectURI: urls.callback,
    LogoutURLs: [urls.logout],
    SupportedIdentityProviders: ["COGNITO"],
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
  };
}

export function groupInputs(userPoolId: string): CreateGroupCommandInput[] {
  return IDENTITY_GROUPS.map((group) => ({
    UserPoolId: userPoolId,
    GroupName: group.name,
    Description: group.description,
    Precedence: group.precedence,
  }));
}
