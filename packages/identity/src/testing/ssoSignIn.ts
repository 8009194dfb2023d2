import { createHash, randomBytes } from "node:crypto";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { IdentityOutputs } from "@bbws/contracts";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";

export interface InvitedUser {
  readonly email: string;
  readonly password: string;
  readonly group: string;
}

/** What a tenant admin does: invite a user by email, give a password, put them in a group. */
export async function inviteUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  user: InvitedUser,
) {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      UserAttributes: [
        { Name: "email", Value: user.email },
        { Name: "email_verified", Value: "true" },
      ],
      MessageAction: "SUPPRESS",
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      Password: user.password,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.group }),
  );
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

/**
 * What the WordPress SSO plugin and the browser do against cognito-local's
 * hosted endpoints: authorization code with PKCE, code exchange with the
 * client secret, and a verified ID token (signature, issuer, audience).
 */
export async function signInWithAuthorizationCode(input: {
  endpoint: string;
  outputs: IdentityOutputs;
  clientSecret: string;
  redirectUri: string;
  user: InvitedUser;
}): Promise<JWTPayload> {
  const { endpoint, outputs, redirectUri } = input;
  const verifier = randomBytes(32).toString("base64url");
  const login = await fetch(`${endpoint}/oauth2/authorize`, {
    method: "POST",
    redirect: "manual",
    body: form({
      client_id: outputs.appClientId,
      redirect_uri: redirectUri,
      response_type: "code",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
      scope: "openid email profile",
      state: "wp-state",
      username: input.user.email,
      password: input.user.password,
    }),
  });
  if (login.status !== 302) throw new Error(`sign-in refused (${login.status}): ${await login.text()}`);
  const back = new URL(String(login.headers.get("location")));
  if (`${back.origin}${back.pathname}` !== redirectUri) throw new Error(`redirected to ${back.href}`);
  const basic = Buffer.from(`${outputs.appClientId}:${input.clientSecret}`).toString("base64");
  const exchanged = await fetch(`${endpoint}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}` },
    body: form({
      grant_type: "authorization_code",
      code: String(back.searchParams.get("code")),
      redirect_uri: redirectUri,
      client_id: outputs.appClientId,
      code_verifier: verifier,
    }),
  });
  if (!exchanged.ok)
    throw new Error(`code exchange refused (${exchanged.status}): ${await exchanged.text()}`);
  const { id_token: idToken } = (await exchanged.json()) as { id_token: string };
  const issuer = `${endpoint}/${outputs.userPoolId}`;
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(idToken, jwks, { issuer, audience: outputs.appClientId });
  return payload;
}
