import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";
import type { ResourceRecord, ResourceRecords } from "@bbws/mesh";
import type { AwsCall } from "./awsCall.ts";

/** What every Cognito step needs: the client, the call policy, the records and the clock. */
export interface CognitoContext {
  readonly client: CognitoIdentityProviderClient;
  readonly aws: AwsCall;
  readonly records: ResourceRecords;
  readonly clock: () => Date;
}

export function identityRecord(
  context: CognitoContext,
  input: {
    key: string;
    kind: "user-pool" | "app-client";
    instance: InstanceRef;
    state: ResourceRecord["state"];
    attributes: Record<string, string>;
  },
): ResourceRecord {
  return {
    key: input.key,
    service: "identity",
    kind: input.kind,
    instanceId: input.instance.instanceId,
    tenantId: input.instance.tenantId,
    state: input.state,
    attributes: input.attributes,
    updatedAt: context.clock().toISOString(),
  };
}
