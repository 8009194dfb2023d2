import {
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";
import type { IdentityPlan } from "../../domain/identityPlan.ts";
import type { FoundIdentity } from "../../domain/identityState.ts";
import { resolveAppClient } from "./appClientStep.ts";
import { awsErrorName } from "./awsErrors.ts";
import type { CognitoContext } from "./cognitoContext.ts";
import { resolveUserPool } from "./userPoolStep.ts";

/** Runs a delete; "not found" means someone (an earlier attempt) already did it. */
async function deleted(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (awsErrorName(error) === "ResourceNotFoundException") return false;
    throw error;
  }
}

/**
 * What a release must delete. Without a pool record nothing of this instance can exist (every
 * create is recorded first); with only an intent the pool is looked up by name and tag, as a
 * create whose answer was lost may have made it.
 */
export async function findIdentity(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan },
): Promise<FoundIdentity> {
  const { instance, plan } = input;
  const record = await context.records.get(plan.recordKeys.userPool);
  if (!record) return { recorded: false };
  const userPoolId = await resolveUserPool(context, { instance, plan, record });
  if (!userPoolId) return { recorded: true };
  const appClientId = await resolveAppClient(context, plan, userPoolId);
  return { recorded: true, userPoolId, ...(appClientId ? { appClientId } : {}) };
}

/**
 * The client is deleted explicitly although the pool takes it along on AWS: cognito-local keeps
 * a deleted pool's clients (one extra call on AWS).
 */
export async function deleteAppClient(
  context: CognitoContext,
  input: { plan: IdentityPlan; userPoolId: string; appClientId: string },
): Promise<string[]> {
  const command = new DeleteUserPoolClientCommand({
    UserPoolId: input.userPoolId,
    ClientId: input.appClientId,
  });
  const done = await deleted(() =>
    context.aws.write("DeleteUserPoolClient", () => context.client.send(command)),
  );
  return done ? [input.plan.appClient] : [];
}

export async function deleteUserPool(
  context: CognitoContext,
  input: { plan: IdentityPlan; userPoolId: string },
): Promise<string[]> {
  const done = await deleted(() =>
    context.aws.write("DeleteUserPool", () =>
      context.client.send(new DeleteUserPoolCommand({ UserPoolId: input.userPoolId })),
    ),
  );
  return done ? [input.plan.userPool] : [];
}

/** The records go last: a crash before this leaves them, so the repeat finds what is left. */
export async function forgetIdentity(context: CognitoContext, plan: IdentityPlan): Promise<void> {
  await context.records.remove(plan.recordKeys.appClient);
  await context.records.remove(plan.recordKeys.userPool);
}
