import { COGNITO_WRITE_BURST } from "@bbws/identity";
import type { FunctionSpec } from "./functions.ts";
import type { WorkloadRoleUser } from "./iamTable.ts";
import { WORKLOAD_GRANTS } from "./workloadGrants.ts";

/**
 * Cognito allows 15 user-pool writes (create/update/delete) per second per account and region,
 * shared by every caller, while a rate limiter lives in one container. The deployment bounds
 * the containers instead: each function that writes to Cognito has a reserved concurrency (at
 * most that many containers at once) and a per-container rate with a burst of 1, so no
 * second ever sees more than Σ reserved × (rate + burst) writes. docs/deploy.md, "Cognito".
 */
export { COGNITO_WRITES_PER_SECOND as COGNITO_ACCOUNT_WRITES_PER_SECOND } from "@bbws/identity";

/** A Cognito call the 15/s quota counts: anything but reads (Describe, List, Get). */
export const isCognitoWrite = (action: string): boolean =>
  action.startsWith("cognito-idp:") && !/^cognito-idp:(Describe|List|Get)/.test(action);

/** The functions whose assumed role may write to Cognito, from the IAM table's workload half. */
export function cognitoWriters(): WorkloadRoleUser[] {
  return (Object.keys(WORKLOAD_GRANTS) as WorkloadRoleUser[]).filter((user) =>
    WORKLOAD_GRANTS[user].some((grant) => grant.actions.some(isCognitoWrite)),
  );
}

export interface CognitoWriteShare {
  readonly id: string;
  readonly reservedConcurrency: number;
  readonly writesPerSecond: number;
  /** The most this function's containers can write in any one second. */
  readonly peakPerSecond: number;
}

/** Each writer's share and the account-wide peak; a writer missing either setting is an error. */
export function cognitoWriteBudget(functions: readonly FunctionSpec[]): {
  shares: CognitoWriteShare[];
  peakPerSecond: number;
} {
  const shares = cognitoWriters().map((id) => {
    const spec = functions.find((candidate) => candidate.id === id);
    if (!spec?.reservedConcurrency || !spec.cognitoWritesPerSecond)
      throw new Error(
        `${id} writes to Cognito: give it reservedConcurrency and cognitoWritesPerSecond (infra/functions.ts)`,
      );
    const { reservedConcurrency, cognitoWritesPerSecond: writesPerSecond } = spec;
    const peakPerSecond = reservedConcurrency * (writesPerSecond + COGNITO_WRITE_BURST);
    return { id, reservedConcurrency, writesPerSecond, peakPerSecond };
  });
  return { shares, peakPerSecond: shares.reduce((sum, share) => sum + share.peakPerSecond, 0) };
}
