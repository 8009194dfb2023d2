import {
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import type { IdentityPlan } from "../../domain/identityPlan.ts";
import { type CognitoContext, identityRecord } from "./cognitoContext.ts";
import { appClientInput } from "./cognitoInputs.ts";

export interface AppClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The client of that name in the pool (names are ours and unique per pool). */
export async function findAppClient(context: CognitoContext, userPoolId: string, name: string) {
  let nextToken: string | undefined;
  do {
    const input = { UserPoolId: userPoolId, MaxResults: 60, ...(nextToken ? { NextToken: nextToken } : {}) };
    const page = await context.aws.read("ListUserPoolClients", () =>
      context.client.send(new ListUserPoolClientsCommand(input)),
    );
    const found = page.UserPoolClients?.find((client) => client.ClientName === name);
    if (found?.ClientId) return found.ClientId;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/** The client's secret, read back from Cognito: it is never kept anywhere between two steps. */
export async function describeAppClient(context: CognitoContext, userPoolId: string, clientId: string) {
  const { UserPoolClient } = await context.aws.read("DescribeUserPoolClient", () =>
    context.client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })),
  );
  return secretOf(clientId, UserPoolClient?.ClientSecret);
}

function secretOf(clientId: string, clientSecret: string | undefined): AppClient {
  if (!clientSecret)
    throw new IdentityError(IDENTITY_CODES.unexpected, `app client ${clientId} has no secret`, {
      retryable: false,
    });
  return { clientId, clientSecret };
}

/** The app client's id from its record, or by name when the record is only `intended`. */
export async function resolveAppClient(context: CognitoContext, plan: IdentityPlan, userPoolId: string) {
  const record = await context.records.get(plan.recordKeys.appClient);
  if (!record) return undefined;
  if (record.state === "created" && record.attributes.clientId) return record.attributes.clientId;
  return findAppClient(context, userPoolId, plan.appClient);
}

/** CreateUserPoolClient is not idempotent either: intent, create, complete; adopt by name on a retry. */
export async function ensureAppClient(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan; userPoolId: string; siteOrigin: string },
): Promise<string> {
  const { instance, plan, userPoolId } = input;
  const key = plan.recordKeys.appClient;
  const record = (attributes: Record<string, string>, state: "intended" | "created") =>
    identityRecord(context, { key, kind: "app-client", instance, state, attributes });
  const known = await resolveAppClient(context, plan, userPoolId);
  if (known) {
    await context.records.put(record({ name: plan.appClient, userPoolId, clientId: known }, "created"));
    return known;
  }
  await context.records.put(record({ name: plan.appClient, userPoolId }, "intended"));
  const { UserPoolClient } = await context.aws.write("CreateUserPoolClient", () =>
    context.client.send(new CreateUserPoolClientCommand(appClientInput(plan, userPoolId, input.siteOrigin))),
  );
  const clientId = UserPoolClient?.ClientId;
  if (!clientId)
    throw new IdentityError(IDENTITY_CODES.unexpected, "CreateUserPoolClient answered without a client id", {
      retryable: true,
    });
  await context.records.put(record({ name: plan.appClient, userPoolId, clientId }, "created"));
  return clientId;
}
