import type { Action, Rule } from "@aws-sdk/client-elastic-load-balancing-v2";
import { MAINTENANCE_PAGE } from "../../domain/maintenancePage.ts";

/** What a tenant's listener rule does: forward to its target group, or answer "maintenance". */
export const forwardAction = (targetGroupArn: string): Action[] => [
  { Type: "forward", TargetGroupArn: targetGroupArn },
];

/** The ALB answers suspended tenants itself: no task needs to run to say "maintenance". */
export const maintenanceAction = (): Action[] => [
  {
    Type: "fixed-response",
    FixedResponseConfig: {
      StatusCode: String(MAINTENANCE_PAGE.statusCode),
      ContentType: MAINTENANCE_PAGE.contentType,
      MessageBody: MAINTENANCE_PAGE.body,
    },
  },
];

export function hostsOf(rule: Rule): string[] {
  return (rule.Conditions ?? [])
    .filter((condition) => condition.Field === "host-header")
    .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []);
}
