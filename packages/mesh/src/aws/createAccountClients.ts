import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { z } from "zod";
import { type AwsSdkRetrySettings, awsSdkRetrySettings } from "./awsSdkRetrySettings.ts";

/** IM-010: each environment lives in its own AWS account, reached by assuming a role. */
export const AccountsMapSchema = z.partialRecord(
  z.enum(["dev", "sit", "prod"]),
  z.object({
    accountId: z.string().regex(/^\d{12}$/, { error: "accountId must be 12 digits" }),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "region must look like eu-west-1" }),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: "roleArn must be an IAM role ARN" }),
  }),
);
export type AccountsMap = z.infer<typeof AccountsMapSchema>;
export type AccountEnvironment = keyof AccountsMap;

/** What `AccountClients.client` hands its `make`: pass it to the client's constructor as is. */
export type AccountClientSettings = AwsSdkRetrySettings & {
  readonly region: string;
  readonly credentials: () => Promise<AwsCredentialIdentity>;
};

export interface AccountClients {
  /** Region and credentials for an environment's account (credentials cached until 5 min before expiry). */
  configFor(environment: AccountEnvironment): Promise<{ region: string; credentials: AwsCredentialIdentity }>;
  /** One SDK client per environment and client class, built with that account's credentials and the retry budget (not for DynamoDB: see DYNAMODB_RETRY_SETTINGS). */
  client<C>(environment: AccountEnvironment, make: (settings: AccountClientSettings) => C, name: string): C;
}

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * The one factory every AWS adapter gets its clients from: assumes the
 * environment's role through STS, caches the credentials, and refreshes them
 * shortly before they expire (the SDK calls the credentials provider per request).
 */
export function createAccountClients(input: {
  accounts: AccountsMap;
  sts: STSClient;
  sessionName: string;
  now?: () => number;
}): AccountClients {
  const now = input.now ?? Date.now;
  const cache = new Map<string, { credentials: AwsCredentialIdentity; expiresAt: number }>();
  const inFlight = new Map<string, Promise<AwsCredentialIdentity>>();
  const clients = new Map<string, unknown>();

  const accountOf = (environment: AccountEnvironment) => {
    const account = input.accounts[environment];
    if (!account) throw new Error(`no AWS account configured for environment ${environment}`);
    return account;
  };

  async function assume(environment: AccountEnvironment): Promise<AwsCredentialIdentity> {
    const account = accountOf(environment);
    const answer = await input.sts.send(
      new AssumeRoleCommand({
        RoleArn: account.roleArn,
        RoleSessionName: `${input.sessionName}-${environment}`,
        DurationSeconds: 3600,
      }),
    );
    const issued = answer.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.Expiration)
      throw new Error(`STS returned no credentials for ${account.roleArn}`);
    const credentials = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: issued.Expiration,
    };
    cache.set(environment, { credentials, expiresAt: issued.Expiration.getTime() });
    return credentials;
  }

  async function credentialsFor(environment: AccountEnvironment): Promise<AwsCredentialIdentity> {
    const cached = cache.get(environment);
    if (cached && cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS > now()) return cached.credentials;
    // One AssumeRole per environment at a time, however many calls wait for it.
    const pending =
      inFlight.get(environment) ?? assume(environment).finally(() => inFlight.delete(environment));
    inFlight.set(environment, pending);
    return pending;
  }

  return {
    async configFor(environment) {
      return { region: accountOf(environment).region, credentials: await credentialsFor(environment) };
    },
    client(environment, make, name) {
      const key = `${environment}:${name}`;
      if (!clients.has(key))
        clients.set(
          key,
          make({
            ...awsSdkRetrySettings(),
            region: accountOf(environment).region,
            credentials: () => credentialsFor(environment),
          }),
        );
      return clients.get(key) as ReturnType<typeof make>;
    },
  };
}
