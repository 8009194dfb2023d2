import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";
import type { ResourceRecord } from "@bbws/mesh";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import { belongsTo, type IdentityPlan } from "../../domain/identityPlan.ts";
import { awsErrorName } from "./awsErrors.ts";
import { type CognitoContext, identityRecord } from "./cognitoContext.ts";
import { userPoolInput } from "./cognitoInputs.ts";

/** ListUserPools' largest page. */
const PAGE_SIZE = 60;

/** Every pool in the region: how many (the quota) and which carry our name (adoption). */
export async function scanUserPools(context: CognitoContext, name: string) {
  let total = 0;
  const named: string[] = [];
  let nextToken: string | undefined;
  do {
    const input = { MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
    const page = await context.aws.read("ListUserPools", () =>
      context.client.send(new ListUserPoolsCommand(input)),
    );
    for (const pool of page.UserPools ?? []) {
      total += 1;
      if (pool.Name === name && pool.Id) named.push(pool.Id);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { total, named };
}

/** Among pools of our name (environments share it), the one tagged with this instance. */
async function findOwnPool(context: CognitoContext, candidates: readonly string[], instance: InstanceRef) {
  for (const id of candidates) {
    try {
      const { UserPool } = await context.aws.read("DescribeUserPool", () =>
        context.client.send(new DescribeUserPoolCommand({ UserPoolId: id })),
      );
      if (belongsTo(UserPool?.UserPoolTags, instance)) return id;
    } catch (error) {
      if (awsErrorName(error) !== "ResourceNotFoundException") throw error;
    }
  }
  return undefined;
}

/**
 * The instance's pool id, as far as its record tells: the id once `created`,
 * or by name and tag when only `intended` (the create's answer may have been
 * lost). Undefined when no pool of the instance exists.
 */
export async function resolveUserPool(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan; record: ResourceRecord },
) {
  const { record, plan } = input;
  if (record.state === "created" && record.attributes.userPoolId) return record.attributes.userPoolId;
  const scan = await scanUserPools(context, plan.userPool);
  return findOwnPool(context, scan.named, input.instance);
}

function poolRecord(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan; userPoolId?: string },
) {
  const { instance, plan, userPoolId } = input;
  return identityRecord(context, {
    key: plan.recordKeys.userPool,
    kind: "user-pool",
    instance,
    state: userPoolId ? "created" : "intended",
    attributes: userPoolId ? { name: plan.userPool, userPoolId } : { name: plan.userPool },
  });
}

/**
 * CreateUserPool is not idempotent: write the intent first, complete it after;
 * on a retry with only the intent, adopt the pool if it was made. The quota is
 * checked before anything is created, from the same listing.
 */
export async function ensureUserPool(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan; quota: number },
): Promise<string> {
  const { instance, plan, quota } = input;
  const record = await context.records.get(plan.recordKeys.userPool);
  if (record?.state === "created" && record.attributes.userPoolId) return record.attributes.userPoolId;
  const scan = await scanUserPools(context, plan.userPool);
  let userPoolId = record ? await findOwnPool(context, scan.named, instance) : undefined;
  if (!userPoolId) {
    if (scan.total >= quota)
      throw new IdentityError(
        IDENTITY_CODES.quotaExhausted,
        `the region holds ${scan.total} user pools, the quota is ${quota}: raise the Cognito quota or remove unused pools`,
        { retryable: false },
      );
    await context.records.put(poolRecord(context, { instance, plan }));
    const created = await context.aws.write("CreateUserPool", () =>
      context.client.send(new CreateUserPoolCommand(userPoolInput(plan))),
    );
    userPoolId = created.UserPool?.Id;
    if (!userPoolId)
      throw new IdentityError(IDENTITY_CODES.unexpected, "CreateUserPool answered without a pool id", {
        retryable: true,
      });
  }
  await context.records.put(poolRecord(context, { instance, plan, userPoolId }));
  return userPoolId;
}
