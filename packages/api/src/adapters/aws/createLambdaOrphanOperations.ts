import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from "@aws-sdk/client-lambda";
import {
  type CleanupRecord,
  CleanupRecordSchema,
  type CleanupRecords,
  OrphanReportSchema,
} from "@bbws/contracts";
import { ApiError } from "../../domain/errors.ts";
import type { OrphanOperations } from "../../ports.ts";

export interface LambdaOrphanOperationsOptions {
  readonly client: LambdaClient;
  /** The orphan scan function (infra/lambdas/orphanScan.ts), which also runs daily on a schedule. */
  readonly functionName: string;
  /** Where cleanups are recorded (the ledger table on AWS: @bbws/ledger's createDynamoCleanupRecords). */
  readonly cleanups: CleanupRecords;
  /** When a cleanup that could not be started is marked FAILED. */
  readonly clock?: () => Date;
}

const unavailable = (what: string, cause: unknown) =>
  new ApiError("API.DEPENDENCY_UNAVAILABLE", `the orphan scan function could not be ${what}; retry`, {
    cause,
    retryable: true,
  });

/**
 * The orphan scan on AWS runs in its own function: it needs the environment's role, the VPC
 * (RDS) and every service's inventory, none of which the API should hold. A scan is a few
 * paged listings per service: the API waits for it. A cleanup deletes, one resource after
 * another, for longer than API Gateway's 29 s: the API records it RUNNING and invokes the
 * function as an event (InvocationType Event: Lambda queues it and answers 202); the function
 * records how it ended.
 */
export function createLambdaOrphanOperations(options: LambdaOrphanOperationsOptions): OrphanOperations {
  async function invoke(payload: object, type: "RequestResponse" | "Event"): Promise<InvokeCommandOutput> {
    try {
      return await options.client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: type,
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      throw unavailable("invoked", error);
    }
  }
  return {
    // An operator's look: the daily schedule is what publishes OrphansFound.
    async scan() {
      const answer = await invoke({ action: "scan", publish: false }, "RequestResponse");
      const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "null";
      if (answer.FunctionError)
        throw new ApiError("API.DEPENDENCY_UNAVAILABLE", `the orphan scan failed: ${text.slice(0, 500)}`, {
          retryable: true,
        });
      return OrphanReportSchema.parse(JSON.parse(text));
    },
    async startCleanup(request) {
      const record: CleanupRecord = { ...request, status: "RUNNING" };
      await options.cleanups.put(record).catch((error: unknown) => {
        throw unavailable("asked for a cleanup (its record could not be written)", error);
      });
      try {
        await invoke({ action: "cleanup", ...request }, "Event");
      } catch (error) {
        await options.cleanups.put({
          ...record,
          status: "FAILED",
          finishedAt: (options.clock ?? (() => new Date()))().toISOString(),
          error: "the orphan scan function could not be invoked",
        });
        throw error;
      }
    },
    async findCleanup(cleanupId) {
      const stored = await options.cleanups.get(cleanupId);
      return stored === undefined ? undefined : CleanupRecordSchema.parse(stored);
    },
  };
}
