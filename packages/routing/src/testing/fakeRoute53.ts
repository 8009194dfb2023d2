import {
  type Change,
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsRequest,
  InvalidChangeBatch,
  Route53Client,
} from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";

const meta = { $metadata: {} };

/** A tiny stateful Route 53 behind aws-sdk-client-mock: alias A records by zone and name. */
export function createFakeRoute53() {
  const client = new Route53Client({ region: "us-east-1" });
  const mock = mockClient(client);
  const recordSets = new Map<string, Change["ResourceRecordSet"]>();

  mock.on(ChangeResourceRecordSetsCommand).callsFake((input: ChangeResourceRecordSetsRequest) => {
    for (const change of input.ChangeBatch?.Changes ?? []) {
      const key = `${input.HostedZoneId}/${change.ResourceRecordSet?.Name}`;
      if (change.Action === "DELETE") {
        const message = `Tried to delete resource record set [name='${change.ResourceRecordSet?.Name}', type='A'] but it was not found`;
        if (!recordSets.delete(key)) throw new InvalidChangeBatch({ message, messages: [message], ...meta });
      } else recordSets.set(key, change.ResourceRecordSet);
    }
    return { ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: new Date(0) } };
  });

  return {
    client,
    /** The ALB DNS name a hostname resolves to, if any. */
    aliasOf: (hostedZoneId: string, hostname: string) =>
      recordSets.get(`${hostedZoneId}/${hostname}`)?.AliasTarget?.DNSName ?? null,
    names: () => [...recordSets.keys()],
  };
}
