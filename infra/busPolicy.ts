import { FROM_TENANT_MANAGEMENT, sourceOf } from "@bbws/contracts";

/**
 * The bus's resource policy: Tenant Management's account may put its own events (source
 * `bbws.tenant-management`, detail-type TenantCreated) on our bus, and nothing else. The shape is
 * AWS's example "Send events to a custom bus in a different account" (eb-event-bus-example-policy-
 * cross-account-custom-bus-source). docs/integration.md prints it; a test keeps the two equal.
 */
export function tenantManagementBusPolicy<Arn>(input: { busArn: Arn; accountId: string }) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TenantManagementPutsTenantCreated",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${input.accountId}:root` },
        Action: "events:PutEvents",
        Resource: input.busArn,
        Condition: {
          "ForAllValues:StringEquals": { "events:source": [sourceOf("tenant-management")] },
          StringEquals: { "events:detail-type": [...FROM_TENANT_MANAGEMENT] },
        },
      },
    ],
  };
}

/** The identity policy Tenant Management attaches to the role that publishes (in their account). */
export function tenantManagementPublisherPolicy<Arn>(input: { busArn: Arn }) {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: input.busArn }],
  };
}
