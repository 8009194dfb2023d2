import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import { errorMessage } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { getTaskRole } from "./taskRoleSteps.ts";

/**
 * How long after CreateRole ECS may still not see the role. IAM is eventually consistent (AWS:
 * a change "takes time to become visible"; usually seconds): until then RegisterTaskDefinition
 * answers "Role is not valid" and RunTask/CreateService "ECS was unable to assume the role".
 */
export const ROLE_PROPAGATION_MS = 120_000;

const ROLE_NOT_SEEN = /Role is not valid|unable to assume the role/i;

/** Whether the tenant's role was created less than ROLE_PROPAGATION_MS ago (IAM may not show it yet). */
export async function roleStillPropagating(rt: EcsRuntime, instance: InstanceRef): Promise<boolean> {
  const created = (await getTaskRole(rt, instance))?.CreateDate;
  return !!created && rt.clock().getTime() - created.getTime() < ROLE_PROPAGATION_MS;
}

/**
 * Runs an ECS call that hands over the tenant's role. A refusal of the role within
 * ROLE_PROPAGATION_MS of its creation is COMPUTE.ROLE_NOT_READY, retryable: the message comes
 * back from SQS with backoff (the one outer retry loop). Later, or with the role gone, it is
 * COMPUTE.ROLE_NOT_ASSUMABLE, not retryable: waiting will not fix a trust policy.
 */
export async function whenRoleVisible<T>(rt: EcsRuntime, instance: InstanceRef, call: () => Promise<T>) {
  try {
    return await call();
  } catch (error) {
    if (!ROLE_NOT_SEEN.test(errorMessage(error))) throw error;
    const role = await getTaskRole(rt, instance);
    const ageMs = role?.CreateDate ? rt.clock().getTime() - role.CreateDate.getTime() : undefined;
    if (ageMs !== undefined && ageMs < ROLE_PROPAGATION_MS)
      throw new ComputeError(
        "COMPUTE.ROLE_NOT_READY",
        `ECS does not see the task role yet (created ${Math.round(ageMs / 1000)} s ago; IAM propagates within ` +
          `${ROLE_PROPAGATION_MS / 1000} s): retried`,
        { retryable: true, cause: error },
      );
    const why = role ? `${Math.round((ageMs ?? 0) / 1000)} s after its creation` : "the role does not exist";
    throw new ComputeError(
      "COMPUTE.ROLE_NOT_ASSUMABLE",
      `ECS cannot use the tenant's task role (${why}): check its trust policy (ecs-tasks.amazonaws.com) ` +
        `and compute's iam:PassRole: ${errorMessage(error)}`,
      { retryable: false, cause: error },
    );
  }
}
