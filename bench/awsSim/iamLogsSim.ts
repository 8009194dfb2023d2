import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";

/**
 * IAM roles: the account's role quota (GetAccountSummary, LimitExceededException), NoSuchEntity, a
 * write rate. The account already holds `existingRoles` (the deployment's own function roles).
 */
export function iamApi(existingRoles: number) {
  const roles = new Map<string, { RoleName: string; Arn: string; Tags: unknown; CreateDate: Date }>();
  for (let index = 0; index < existingRoles; index += 1) {
    const RoleName = `bbws-function-${index}`;
    roles.set(RoleName, {
      RoleName,
      Arn: `arn:aws:iam::111122223333:role/${RoleName}`,
      Tags: [],
      CreateDate: new Date(0),
    });
  }
  const writes = createTokenBucket({
    ratePerSecond: F.iamWritesPerSecond.value,
    burst: F.iamWritesPerSecond.burst,
  });
  const api: SimulatedApi = {
    service: "IAM",
    latencyMs: () => F.iamLatencyMs.value,
    bucketOf: (action) => (action.startsWith("Get") ? undefined : { api: "IAM writes", bucket: writes }),
    throttle: { name: "Throttling", status: 400 },
    handlers: {
      GetRole({ RoleName }) {
        const role = roles.get(RoleName);
        if (!role)
          throw awsError("NoSuchEntityException", `The role with name ${RoleName} cannot be found.`, 404);
        return { Role: role };
      },
      GetAccountSummary: () => ({
        SummaryMap: { Roles: roles.size, RolesQuota: F.iamRolesPerAccount.value },
      }),
      CreateRole({ RoleName, Path, Tags }) {
        if (roles.has(RoleName))
          throw awsError("EntityAlreadyExistsException", `Role with name ${RoleName} already exists.`, 409);
        if (roles.size >= F.iamRolesPerAccount.value)
          throw awsError("LimitExceededException", "Cannot exceed quota for RolesPerAccount: 1000", 409);
        const role = {
          RoleName,
          Arn: `arn:aws:iam::111122223333:role${Path}${RoleName}`,
          Tags,
          CreateDate: new Date(),
        };
        roles.set(RoleName, role);
        return { Role: role };
      },
      PutRolePolicy: () => ({}),
    },
  };
  return { api, roles };
}

/** CloudWatch Logs: CreateLogGroup (ResourceAlreadyExistsException) and PutRetentionPolicy, 5 TPS each. */
export function logsApi(): SimulatedApi {
  const groups = new Set<string>();
  const create = createTokenBucket({ ratePerSecond: F.logsPerSecond.value, burst: F.logsPerSecond.burst });
  const retention = createTokenBucket({ ratePerSecond: F.logsPerSecond.value, burst: F.logsPerSecond.burst });
  return {
    service: "Logs",
    latencyMs: () => F.logsLatencyMs.value,
    bucketOf: (action) => ({
      api: `Logs ${action}`,
      bucket: action === "CreateLogGroup" ? create : retention,
    }),
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      CreateLogGroup({ logGroupName }) {
        if (groups.has(logGroupName))
          throw awsError("ResourceAlreadyExistsException", "The specified log group already exists");
        groups.add(logGroupName);
        return {};
      },
      PutRetentionPolicy: () => ({}),
    },
  };
}
