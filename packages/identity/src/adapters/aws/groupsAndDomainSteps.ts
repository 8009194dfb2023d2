import {
  CreateGroupCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import { awsErrorName } from "./awsErrors.ts";
import type { CognitoContext } from "./cognitoContext.ts";
import { groupInputs } from "./cognitoInputs.ts";

/** CreateGroup is keyed by name within the pool: an existing group is the idempotent outcome. */
export async function ensureGroups(context: CognitoContext, userPoolId: string): Promise<void> {
  for (const input of groupInputs(userPoolId)) {
    try {
      await context.aws.write("CreateGroup", () => context.client.send(new CreateGroupCommand(input)));
    } catch (error) {
      if (awsErrorName(error) !== "GroupExistsException") throw error;
    }
  }
}

/** The pool a domain prefix points at; undefined when the prefix is free (AWS answers an empty description). */
async function domainOwner(context: CognitoContext, domain: string): Promise<string | undefined> {
  try {
    const { DomainDescription } = await context.aws.read("DescribeUserPoolDomain", () =>
      context.client.send(new DescribeUserPoolDomainCommand({ Domain: domain })),
    );
    return DomainDescription?.UserPoolId || undefined;
  } catch (error) {
    if (awsErrorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

/** Domains are unique by prefix, so the prefix itself is the idempotency key. */
export async function ensureDomain(context: CognitoContext, domain: string, userPoolId: string) {
  const owner = await domainOwner(context, domain);
  if (owner === userPoolId) return;
  if (owner)
    throw new IdentityError(
      IDENTITY_CODES.domainTaken,
      `the hosted domain prefix ${domain} belongs to user pool ${owner}, not ${userPoolId}: delete that pool's domain`,
      { retryable: false },
    );
  await context.aws.write("CreateUserPoolDomain", () =>
    context.client.send(new CreateUserPoolDomainCommand({ Domain: domain, UserPoolId: userPoolId })),
  );
}

/** Deletes the domain if it is this pool's (a pool with a domain cannot be deleted); true when it did. */
export async function releaseDomain(context: CognitoContext, domain: string, userPoolId: string) {
  if ((await domainOwner(context, domain)) !== userPoolId) return false;
  try {
    await context.aws.write("DeleteUserPoolDomain", () =>
      context.client.send(new DeleteUserPoolDomainCommand({ Domain: domain, UserPoolId: userPoolId })),
    );
    return true;
  } catch (error) {
    if (awsErrorName(error) === "ResourceNotFoundException") return false;
    throw error;
  }
}
