import { buildInstanceSpec, type InstanceSpec, type LedgerCommand } from "@bbws/contracts";
import { z } from "zod";
import { validationError } from "../domain/errors.ts";
import { fieldErrors } from "../domain/fieldErrors.ts";
import { derivedId } from "../domain/idempotency.ts";
import type { ProvisionRequest } from "../domain/requestSchemas.ts";
import {
  type ApiResult,
  acceptedOrProblem,
  type CommandContext,
  type UseCaseDeps,
  wordpressOf,
} from "./apiResult.ts";

type ProvisionBody = Omit<ProvisionRequest, "tenantId"> & { tenantId?: string };

/**
 * POST /instances: the same rule as the TenantCreated intake (`buildInstanceSpec`), with
 * ids derived from the Idempotency-Key so that a retry is the same command to the ledger.
 */
export async function provisionInstance(
  deps: UseCaseDeps,
  body: ProvisionBody,
  context: CommandContext,
): Promise<ApiResult> {
  const tenantId = tenantOf(body, context.tenantScope);
  const spec = specOf({ ...body, tenantId }, deps);
  const command: LedgerCommand = {
    operation: "provision",
    instanceId: derivedId(context.idempotencyScope, "instance"),
    operationId: derivedId(context.idempotencyScope, "operation"),
    correlationId: context.correlationId,
    requestedBy: context.caller.name,
    spec,
  };
  return acceptedOrProblem(await deps.commands.submit(command), context.tenantScope);
}

function tenantOf(body: ProvisionBody, tenantScope: string | undefined): string {
  const tenantId = tenantScope ?? body.tenantId;
  if (tenantId === undefined)
    throw validationError([{ in: "body", field: "tenantId", message: "tenantId is required" }]);
  if (tenantScope !== undefined && body.tenantId !== undefined && body.tenantId !== tenantScope)
    throw validationError([
      {
        in: "body",
        field: "tenantId",
        message: `tenantId must be ${tenantScope}, the tenant in the path, or left out`,
      },
    ]);
  return tenantId;
}

/** The body was validated already; a failure here is a derived value (hostname, image) the defaults made invalid. */
function specOf(body: ProvisionBody & { tenantId: string }, deps: UseCaseDeps): InstanceSpec {
  try {
    return buildInstanceSpec(
      {
        tenantId: body.tenantId,
        environment: body.environment,
        ...(body.size ? { size: body.size } : {}),
        ...(body.desiredCount !== undefined ? { desiredCount: body.desiredCount } : {}),
        wordpress: wordpressOf(body, deps.defaults),
        ...(body.hostname ? { hostname: body.hostname } : {}),
      },
      deps.defaults,
    );
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw validationError(fieldErrors(error.issues, "body", body));
  }
}
