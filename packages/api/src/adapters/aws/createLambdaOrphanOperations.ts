import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from "@aws-sdk/client-lambda";
import { ApiError } from "../../domain/errors.ts";
import { CleanupReportSchema, OrphanReportSchema } from "../../domain/viewSchemas.ts";
import type { OrphanOperations } from "../../ports.ts";

export interface LambdaOrphanOperationsOptions {
  readonly client: LambdaClient;
  /** The orphan scan function (infra/lambdas/orphanScan.ts), which also runs daily on a schedule. */
  readonly functionName: string;
}

/**
 * The orphan scan on AWS runs in its own function: it needs the environment's role, the VPC
 * (RDS) and every service's inventory, none of which the API should hold. The API invokes it
 * and waits for the report (a scan takes seconds: a few paged listings per service).
 */
export function createLambdaOrphanOperations(options: LambdaOrphanOperationsOptions): OrphanOperations {
  async function invoke(payload: object): Promise<unknown> {
    let answer: InvokeCommandOutput;
    try {
      answer = await options.client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: "RequestResponse",
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      throw new ApiError(
        "API.DEPENDENCY_UNAVAILABLE",
        "the orphan scan function could not be invoked; retry",
        {
          cause: error,
          retryable: true,
        },
      );
    }
    const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "null";
    if (answer.FunctionError)
      throw new ApiError("API.DEPENDENCY_UNAVAILABLE", `the orphan scan failed: ${text.slice(0, 500)}`, {
        retryable: true,
      });
    return JSON.parse(text) as unknown;
  }
  return {
    // An operator's look: the daily schedule is what publishes OrphansFound.
    scan: async () => OrphanReportSchema.parse(await invoke({ action: "scan", publish: false })),
    cleanup: async ({ dryRun }) => CleanupReportSchema.parse(await invoke({ action: "cleanup", dryRun })),
  };
}
