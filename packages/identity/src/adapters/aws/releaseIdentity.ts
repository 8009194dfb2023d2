import {
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";
import type { IdentityPlan } from "../../domain/identityPlan.ts";
import type { SecretStore } from "../../ports.ts";
import { resolveAppClient } from "./appClientStep.ts";
import { awsErrorName } from "./awsErrors.ts";
import type { CognitoContext } from "./cognitoContext.ts";
import { releaseDomain } from "./groupsAndDomainSteps.ts";
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
 * Deletes domain, app client, pool and secret, each tolerant of "not found",
 * then forgets the records: a crash anywhere leaves the records in place, so
 * the repeat finds what is left. Without a record nothing of this instance
 * can exist (every create is recorded first), so nothing is touched: a late
 * repeat must not delete a secret that a newer instance of the tenant now
 * holds under the same name. The client is deleted explicitly although the
 * pool takes it along on AWS: cognito-local keeps a deleted pool's clients.
 */
export async function releaseIdentity(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan; createsDomain: boolean; secrets: SecretStore },
): Promise<string[]> {
  const { instance, plan } = input;
  const record = await context.records.get(plan.recordKeys.userPool);
  if (!record) return [];
  const released: string[] = [];
  const userPoolId = await resolveUserPool(context, { instance, plan, record });
  if (userPoolId) released.push(...(await releaseCognito(context, { ...input, userPoolId })));
  if (await input.secrets.remove(plan.secretName, instance)) released.push(plan.secretName);
  await context.records.remove(plan.recordKeys.appClient);
  await context.records.remove(plan.recordKeys.userPool);
  return released;
}

async function releaseCognito(
  context: CognitoContext,
  input: { plan: IdentityPlan; createsDomain: boolean; userPoolId: string },
): Promise<string[]> {
  const { plan, userPoolId } = input;
  const released: string[] = [];
  if (input.createsDomain && (await releaseDomain(context, plan.domainPrefix, userPoolId)))
    released.push(plan.domainPrefix);
  const clientId = await resolveAppClient(context, plan, userPoolId);
  const clientDeleted =
    clientId !== undefined &&
    (await deleted(() =>
      context.aws.write("DeleteUserPoolClient", () =>
        context.client.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })),
      ),
    ));
  if (clientDeleted) released.push(plan.appClient);
  const poolDeleted = await deleted(() =>
    context.aws.write("DeleteUserPool", () =>
      context.client.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })),
    ),
  );
  if (poolDeleted) released.push(plan.userPool);
  return released;
}
