import { type Change, ChangeResourceRecordSetsCommand, type Route53Client } from "@aws-sdk/client-route-53";
import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";
import { errorName, unexpectedAwsError } from "./awsErrors.ts";

/** Where an alias record points: an ALB's DNS name and the hosted zone AWS gives that ALB. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly canonicalHostedZoneId: string;
}

export interface AliasRecord {
  readonly hostedZoneId: string;
  readonly hostname: string;
  readonly target: AliasTarget;
}

const codes = { retryable: ROUTING_CODES.dnsUnavailable, rejected: ROUTING_CODES.dnsRejected };
/**
 * Route 53 answers 400 to both; neither is in the shared retryable list. The SDK retries both
 * (throttling codes) within its budget; what is left goes back to SQS.
 */
const ROUTE53_RETRYABLE = /^(Throttling|PriorRequestNotComplete)/;

const change = (action: "UPSERT" | "DELETE", record: AliasRecord): Change => ({
  Action: action,
  ResourceRecordSet: {
    Name: record.hostname,
    Type: "A",
    AliasTarget: {
      HostedZoneId: record.target.canonicalHostedZoneId,
      DNSName: record.target.dnsName,
      // The ALB answers for its unhealthy targets itself (503); DNS has nowhere else to go.
      EvaluateTargetHealth: false,
    },
  },
});

/** A DELETE of a record that is not there: Route 53's InvalidChangeBatch says "not found". */
function isNotFound(error: unknown): boolean {
  if (errorName(error) !== "InvalidChangeBatch") return false;
  const messages = [
    error instanceof Error ? error.message : "",
    ...((error as { messages?: string[] }).messages ?? []),
  ];
  return messages.some((message) => /not found/i.test(message));
}

function failure(error: unknown, action: string): RoutingError {
  if (ROUTE53_RETRYABLE.test(errorName(error)))
    return new RoutingError(codes.retryable, `Route 53 ${action}: ${errorName(error)}`, {
      retryable: true,
      cause: error,
    });
  return unexpectedAwsError(error, codes, `Route 53 ${action}`);
}

/** The Route 53 calls routing makes: one alias A record per tenant. */
export function createRoute53Calls(route53: Route53Client) {
  const send = (action: "UPSERT" | "DELETE", record: AliasRecord) =>
    route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: record.hostedZoneId,
        ChangeBatch: { Changes: [change(action, record)] },
      }),
    );
  return {
    /** Idempotent: an UPSERT of the same alias changes nothing. */
    async upsertAlias(record: AliasRecord): Promise<void> {
      try {
        await send("UPSERT", record);
      } catch (error) {
        throw failure(error, "ChangeResourceRecordSets (UPSERT)");
      }
    },
    /** False when the record was already gone. */
    async deleteAlias(record: AliasRecord): Promise<boolean> {
      try {
        await send("DELETE", record);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw failure(error, "ChangeResourceRecordSets (DELETE)");
      }
    },
  };
}

export type Route53Calls = ReturnType<typeof createRoute53Calls>;
