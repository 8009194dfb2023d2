import type { LedgerCommand, Size } from "@bbws/contracts";
import { derivedId } from "../domain/idempotency.ts";
import {
  type ApiResult,
  acceptedOrProblem,
  type CommandContext,
  type UseCaseDeps,
  wordpressOf,
} from "./apiResult.ts";
import { requireInstance } from "./readInstance.ts";

/** An operator's action on an existing instance, as the routes parsed it. */
export type OperationRequest =
  | { readonly kind: "suspend" | "resume" | "restart" | "backup" | "rotateCredentials" | "deprovision" }
  | { readonly kind: "scale"; readonly desiredCount: number; readonly size?: Size }
  | { readonly kind: "updateImage"; readonly wordpressVersion: string; readonly image?: string }
  | { readonly kind: "restore"; readonly backupId: string };

/** Turns an action into a ledger command and answers 202, or the ledger's 409/404. */
export async function startOperation(
  deps: UseCaseDeps,
  instanceId: string,
  request: OperationRequest,
  context: CommandContext,
): Promise<ApiResult> {
  // Under a tenant, another tenant's instance must look absent, before the ledger sees anything.
  if (context.tenantScope !== undefined) await requireInstance(deps, instanceId, context.tenantScope);
  const base = {
    instanceId,
    operationId: derivedId(context.idempotencyScope, "operation"),
    correlationId: context.correlationId,
    requestedBy: context.caller.name,
  };
  const backupId = request.kind === "backup" ? derivedId(context.idempotencyScope, "backup") : undefined;
  const command = commandOf(request, base, backupId, deps);
  const result = await deps.commands.submit(command);
  return acceptedOrProblem(result, context.tenantScope, backupId ? { backupId } : {});
}

type CommandBase = Pick<LedgerCommand, "instanceId" | "operationId" | "correlationId" | "requestedBy">;

function commandOf(
  request: OperationRequest,
  base: CommandBase,
  backupId: string | undefined,
  deps: UseCaseDeps,
): LedgerCommand {
  switch (request.kind) {
    case "suspend":
    case "resume":
    case "restart":
    case "rotateCredentials":
    case "deprovision":
      return { ...base, operation: request.kind };
    case "backup":
      return { ...base, operation: "backup", backupId: backupId ?? derivedId(base.operationId, "backup") };
    case "scale":
      return {
        ...base,
        operation: "scale",
        desiredCount: request.desiredCount,
        ...(request.size ? { size: request.size } : {}),
      };
    case "updateImage":
      return { ...base, operation: "updateImage", wordpress: wordpressOf(request, deps.defaults) };
    case "restore":
      return { ...base, operation: "restore", backupId: request.backupId };
    default: {
      const unreachable: never = request;
      throw new Error(`unknown operation ${JSON.stringify(unreachable)}`);
    }
  }
}
