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

/** Cognito's default quota of user pools per region (adjustable): Cognito enforces it, not this code. */
export const DEFAULT_USER_POOL_QUOTA = 1_000;

/** ListUserPools' largest page. */
const PAGE_SIZE = 60;

/** The ids of every pool in the region with our name (all pages): read only to adopt after a lost answer. */
async function poolsNamed(context: CognitoContext, name: string) {
  const named: string[] = [];
  let nextToken: string | undefined;
  do {
    const input = { MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
    const page = await context.aws.read("ListUserPools", () =>
      context.client.send(new ListUserPoolsCommand(input)),
    );
    for (const pool of page.UserPools ?? []) if (pool.Name === name && pool.Id) named.push(pool.Id);
    nextToken = page.NextToken;
  } while (nextToken);
  return named;
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
  const { record } = input;
  if (record.state === "created" && record.attributes.userPoolId) return record.attributes.userPoolId;
  return lookUpOwnPool(context, input);
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
 * Cognito refuses CreateUserPool with `LimitExceededException` when the region's user pools are at
 * the quota (the Amazon Cognito API Reference, CreateUserPool, Errors: LimitExceededException, "a
 * user exceeds the limit for a requested AWS resource", apart from TooManyRequestsException, "too
 * many requests for a given operation", the throttle). Nothing was made by that call.
 */
function isPoolQuotaRefusal(error: unknown): boolean {
  return awsErrorName(error) === "LimitExceededException";
}

/**
 * The attempts the SDK client made for the refused call. Mesh's retry strategy does not retry a
 * quota refusal (awsSdkRetrySettings), so more than one attempt means an earlier attempt failed
 * otherwise (a timeout, a 5xx, a throttle): its answer may have been lost after Cognito made the
 * pool, taking the last slot. One attempt means no earlier attempt of this call, and an earlier
 * receive's pool was looked for before this create (ensureUserPool, the intent found): nothing
 * of ours can be behind the refusal, so there is nothing to scan for.
 */
function attemptsOf(error: unknown): number {
  const cause = error instanceof IdentityError ? error.cause : error;
  return (cause as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
}

/** The pool of this instance by name and tag (every page of the region's pools). */
async function lookUpOwnPool(context: CognitoContext, input: { instance: InstanceRef; plan: IdentityPlan }) {
  return findOwnPool(context, await poolsNamed(context, input.plan.userPool), input.instance);
}

/**
 * Writes the intent, then CreateUserPool. A quota refusal is `IDENTITY.QUOTA_EXHAUSTED` (not
 * retryable) with the intent taken back, so no record claims a pool; when the SDK made more than
 * one attempt the pool is first looked up by name and tag, and adopted if an earlier attempt made it.
 */
async function createUserPool(context: CognitoContext, input: { instance: InstanceRef; plan: IdentityPlan }) {
  const { plan } = input;
  await context.records.put(poolRecord(context, input));
  try {
    const created = await context.aws.write("CreateUserPool", () =>
      context.client.send(new CreateUserPoolCommand(userPoolInput(plan))),
    );
    const userPoolId = created.UserPool?.Id;
    if (!userPoolId)
      throw new IdentityError(IDENTITY_CODES.unexpected, "CreateUserPool answered without a pool id", {
        retryable: true,
      });
    return userPoolId;
  } catch (error) {
    if (!isPoolQuotaRefusal(error)) throw error;
    const madeEarlier = attemptsOf(error) > 1 ? await lookUpOwnPool(context, input) : undefined;
    if (madeEarlier) return madeEarlier;
    await context.records.remove(plan.recordKeys.userPool);
    throw new IdentityError(
      IDENTITY_CODES.quotaExhausted,
      `Cognito refused CreateUserPool with LimitExceededException: the region's user pools are at the quota (${DEFAULT_USER_POOL_QUOTA} by default): raise the Cognito user pool quota or remove unused pools`,
      { retryable: false, cause: error instanceof IdentityError ? error.cause : error },
    );
  }
}

/**
 * CreateUserPool is not idempotent: write the intent first, complete it after. Only a retry that
 * finds the intent lists the region's pools, to adopt the one an earlier attempt may have made;
 * a first attempt lists nothing (the quota is Cognito's refusal, not a count beforehand).
 */
export async function ensureUserPool(
  context: CognitoContext,
  input: { instance: InstanceRef; plan: IdentityPlan },
): Promise<string> {
  const { instance, plan } = input;
  const record = await context.records.get(plan.recordKeys.userPool);
  if (record?.state === "created" && record.attributes.userPoolId) return record.attributes.userPoolId;
  const adopted = record ? await lookUpOwnPool(context, { instance, plan }) : undefined;
  const userPoolId = adopted ?? (await createUserPool(context, { instance, plan }));
  await context.records.put(poolRecord(context, { instance, plan, userPoolId }));
  return userPoolId;
}
