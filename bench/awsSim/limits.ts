import { FUNCTIONS } from "../../infra/functions.ts";
import { AWS_FIGURES as F } from "./awsFigures.ts";

export interface LimitRow {
  readonly limit: string;
  readonly quota: number;
  readonly perTenant: string;
  readonly at: (tenants: number) => string;
  readonly handling: string;
}

/** The deployment's own IAM roles (one per function) share the account's role quota with the tenants'. */
const OWN_ROLES = FUNCTIONS.length;

const fits = (tenants: number, room: number, failure: string) =>
  tenants <= room ? `fits (${tenants}/${room})` : `${tenants - room} tenants fail: ${failure}`;

/** What each per-region/per-account quota does to N tenants, and how the repo answers when it is reached. */
export const LIMITS: readonly LimitRow[] = [
  {
    limit: "ALB rules per ALB",
    quota: F.albRulesPerAlb.value,
    perTenant: "1 listener rule",
    at: (n) =>
      `${Math.ceil(n / F.albRulesPerAlb.value)} ALBs in the pool${Math.ceil(n / F.albRulesPerAlb.value) > F.albsPerRegion.value ? ` > ${F.albsPerRegion.value} ALBs per region: raise that quota` : ` (≤ ${F.albsPerRegion.value} ALBs per region)`}`,
    handling: "rule slots over an ALB pool; a full pool: ROUTING.CAPACITY_EXHAUSTED (not retried)",
  },
  {
    limit: "target groups per region",
    quota: F.targetGroupsPerRegion.value,
    perTenant: "1 target group",
    at: (n) => fits(n, F.targetGroupsPerRegion.value, "TooManyTargetGroups → ROUTING.CAPACITY_EXHAUSTED"),
    handling: "ELB's TooManyTargetGroups mapped to ROUTING.CAPACITY_EXHAUSTED (not retried)",
  },
  {
    limit: "Cognito user pools per region",
    quota: F.cognitoUserPoolsPerRegion.value,
    perTenant: "1 user pool",
    at: (n) =>
      fits(
        n,
        F.cognitoUserPoolsPerRegion.value,
        "CreateUserPool's LimitExceededException → IDENTITY.QUOTA_EXHAUSTED",
      ),
    handling:
      "Cognito's LimitExceededException on CreateUserPool: IDENTITY.QUOTA_EXHAUSTED (not retried), intent taken back",
  },
  {
    limit: "IAM roles per account",
    quota: F.iamRolesPerAccount.value,
    perTenant: "1 task role",
    at: (n) =>
      fits(
        n,
        F.iamRolesPerAccount.value - OWN_ROLES,
        `COMPUTE.QUOTA_EXHAUSTED (the deployment's ${OWN_ROLES} function roles count too)`,
      ),
    handling: "GetAccountSummary before CreateRole: COMPUTE.QUOTA_EXHAUSTED (not retried)",
  },
  {
    limit: "EFS access points per file system",
    quota: F.efsAccessPointsPerFileSystem.value,
    perTenant: "1 access point",
    at: (n) => fits(n, F.efsAccessPointsPerFileSystem.value, "AccessPointLimitExceeded"),
    handling: "AccessPointLimitExceeded is a storage error (STORAGE.*), not checked ahead",
  },
];
