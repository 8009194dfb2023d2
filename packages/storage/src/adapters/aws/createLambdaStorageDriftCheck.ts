import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { ResourceDriftCheck } from "@bbws/contracts";
import { STORAGE_DRIFT_KINDS } from "../../domain/driftKinds.ts";
import { StorageDriftAnswerSchema, type StorageDriftRequest } from "./storageDriftMessages.ts";

export interface LambdaStorageDriftCheckDeps {
  /** Lambda in the deploying account, where the storage drift function runs. */
  readonly lambda: Pick<LambdaClient, "send">;
  /** The storage drift function (infra: `bbws-{stage}-storage-drift`). */
  readonly functionName: string;
}

/**
 * Storage's share of the AWS drift part, for callers outside the VPC (the API, the sweep): a
 * synchronous Invoke (RequestResponse) of the storage drift function, which runs in the VPC and
 * answers which of the database, its user, the access point and the credentials secret are
 * gone (createStorageDriftHandler). The part's abort signal cancels the request. A function
 * error (it threw: RDS unreachable, a denied call), a timeout or an answer of another shape
 * rejects: the part's error, never drift.
 */
export function createLambdaStorageDriftCheck(deps: LambdaStorageDriftCheckDeps): ResourceDriftCheck {
  return {
    kinds: [...STORAGE_DRIFT_KINDS],
    async missing(target, signal) {
      const storage = target.outputs.storage;
      if (!storage) return [];
      const request: StorageDriftRequest = {
        instanceId: target.instanceId,
        tenantId: target.tenantId,
        environment: target.environment,
        storage,
      };
      const answer = await deps.lambda.send(
        new InvokeCommand({
          FunctionName: deps.functionName,
          InvocationType: "RequestResponse",
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
        { abortSignal: signal },
      );
      const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "";
      if (answer.FunctionError)
        throw new Error(`the storage drift function failed (${answer.FunctionError}): ${errorOf(text)}`);
      const parsed = StorageDriftAnswerSchema.safeParse(parseJson(text));
      if (!parsed.success)
        throw new Error(`the storage drift function answered something else: ${text.slice(0, 200)}`);
      return parsed.data.missing;
    },
  };
}

/** Lambda's error payload: `{ errorType, errorMessage, ... }`. */
function errorOf(text: string): string {
  const payload = parseJson(text) as { errorType?: unknown; errorMessage?: unknown } | undefined;
  if (typeof payload?.errorMessage === "string")
    return `${typeof payload.errorType === "string" ? `${payload.errorType}: ` : ""}${payload.errorMessage}`;
  return text.slice(0, 200);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
