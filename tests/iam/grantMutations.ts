import { OWN_GRANTS, ROLE_IDS, type WorkloadRoleUser } from "../../infra/iamTable.ts";
import { WORKLOAD_GRANTS } from "../../infra/workloadGrants.ts";
import { DEPLOYED_GRANTS, type GrantTables, type Principal, principalName } from "./policies.ts";

/** One grant of the IAM table, and the tables without it. */
export interface GrantMutation {
  /** `<role>: <actions> on <resources>` (or `<user> (workload role): ...`): stable while the grant stays. */
  readonly id: string;
  readonly principal: Principal;
  readonly actions: readonly string[];
  readonly without: GrantTables;
}

const without = <T>(list: readonly T[], index: number): T[] => list.filter((_item, at) => at !== index);

/** Every grant of both halves of the table, each removed once. */
export function everyGrantMutation(): GrantMutation[] {
  const own = ROLE_IDS.flatMap((role) =>
    OWN_GRANTS[role].map((grant, index) => ({
      principal: { kind: "own", role } as const,
      actions: grant.actions,
      resources: grant.resources,
      without: { ...DEPLOYED_GRANTS, own: { ...OWN_GRANTS, [role]: without(OWN_GRANTS[role], index) } },
    })),
  );
  const workload = (Object.keys(WORKLOAD_GRANTS) as WorkloadRoleUser[]).flatMap((user) =>
    WORKLOAD_GRANTS[user].map((grant, index) => ({
      principal: { kind: "workload", user } as const,
      actions: grant.actions,
      resources: grant.resources,
      without: {
        ...DEPLOYED_GRANTS,
        workload: { ...WORKLOAD_GRANTS, [user]: without(WORKLOAD_GRANTS[user], index) },
      },
    })),
  );
  return [...own, ...workload].map(({ resources, ...mutation }) => ({
    ...mutation,
    id: `${principalName(mutation.principal)}: ${mutation.actions.join(" ")} on ${resources.join(" ")}`,
  }));
}

/** Whether a request of this principal and action can depend on the grant (its actions may hold wildcards). */
export function mayDependOn(mutation: GrantMutation, principal: Principal, action: string): boolean {
  if (JSON.stringify(principal) !== JSON.stringify(mutation.principal)) return false;
  return mutation.actions.some((pattern) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action),
  );
}
