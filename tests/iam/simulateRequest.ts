import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../infra/policyDocument.ts";
import type { IamRequest } from "./iamRequest.ts";
import {
  type GrantTables,
  type Principal,
  policyFor,
  principalAccount,
  principalArn,
  resourcePolicyFor,
} from "./policies.ts";

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/**
 * Actions iam-data describes wrongly, evaluated without its validation: its ELB data merges
 * the classic and v2 APIs, and its AddTags takes only a classic load balancer (ELBv2's AddTags
 * takes target groups, listeners and rules).
 */
const IAM_DATA_GAPS = new Set(["elasticloadbalancing:AddTags"]);

/** The resource's account: in its ARN, or the caller's for `*` and account-less ARNs (S3, Route 53). */
function resourceAccount(resource: string, principal: Principal): string {
  const account = resource.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : principalAccount(principal);
}

function simulation(principal: Principal, request: IamRequest, tables?: GrantTables): Simulation {
  const resourcePolicy: PolicyDocument | undefined = resourcePolicyFor(request.action);
  return {
    identityPolicies: [{ name: "policy", policy: policyFor(principal, tables) }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    request: {
      action: request.action,
      principal: principalArn(principal),
      resource: { resource: request.resource, accountId: resourceAccount(request.resource, principal) },
      // iam-simulate fills in no global keys of the caller: AWS always sets these two.
      contextVariables: {
        "aws:PrincipalArn": principalArn(principal),
        "aws:PrincipalAccount": principalAccount(principal),
        ...request.context,
      } as Record<string, string | string[]>,
    },
  } as Simulation;
}

/**
 * One request, evaluated by iam-simulate (AWS's evaluation logic: wildcards, conditions,
 * explicit deny, cross-account) against the principal's policy; sts:AssumeRole also against
 * the workload role's trust policy, a mount also against the file system's policy. Invalid input (an unknown action, an ARN of a resource
 * type the action does not take) throws: the mapping is wrong.
 */
export async function simulateRequest(
  principal: Principal,
  request: IamRequest,
  tables?: GrantTables,
): Promise<{ decision: Decision; ignoredContextKeys: readonly string[] }> {
  const input = simulation(principal, request, tables);
  if (IAM_DATA_GAPS.has(request.action))
    return { decision: runUnsafeSimulation(input, {}), ignoredContextKeys: [] };
  const result = await runSimulation(input, {});
  if (result.resultType === "error")
    throw new Error(
      `iam-simulate refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`,
    );
  const ignoredContextKeys =
    result.resultType === "single"
      ? (result.result.ignoredContextKeys ?? [])
      : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  return { decision: result.overallResult as Decision, ignoredContextKeys };
}
