import type { DeployConfig } from "./deployConfig.ts";
import { functionName } from "./functions.ts";
import { OWN_GRANTS, type RoleId } from "./iamTable.ts";
import type { PolicyDocument } from "./policyDocument.ts";

/**
 * When the control plane runs in its own account, the storage Lambda mounts the file system
 * of the environment's account. IAM then needs an allow on both sides: the function's role
 * (its own grants, iamTable.ts) AND the file system's resource policy. Two callers are involved:
 * - at run time, the storage function's role mounts (ClientMount, ClientWrite, ClientRootAccess:
 *   it mounts through the root access point, uid 0), only through a mount target;
 * - at configuration time (CreateFunction/UpdateFunctionConfiguration with a file system),
 *   Lambda verifies the mount targets with the permissions of the principal that deploys:
 *   `elasticfilesystem:DescribeMountTargets` on the file system.
 * Both statements below go on the file system (environment's account); the deployer's own
 * policy (control-plane account) needs the same DescribeMountTargets.
 */

/** The roles whose grants reach the file system (`efsFileSystem`): the functions that mount it. */
const MOUNTING_ROLES = (Object.keys(OWN_GRANTS) as RoleId[]).filter((role) =>
  OWN_GRANTS[role].some((grant) => grant.resources.includes("efsFileSystem")),
);

/** What Lambda calls with the deployer's permissions when it is given a file system. */
export const EFS_CONFIGURATION_ACTIONS = ["elasticfilesystem:DescribeMountTargets"] as const;

export function fileSystemArn(config: DeployConfig): string {
  const { region, accountId } = config.account;
  return `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/${config.infra.efsFileSystemId}`;
}

/**
 * Tenant isolation on the file system, whatever the accounts: no mount except through an access
 * point (a task role's grant names its tenant's access point; the root of the file system holds
 * every tenant), and nothing over an unencrypted connection. With a policy in place EFS also
 * stops admitting clients that do not authenticate with IAM (its default policy admits them).
 */
export function efsIsolationStatements(config: DeployConfig): Record<string, unknown>[] {
  const resource = fileSystemArn(config);
  return [
    {
      Sid: "BbwsDenyMountWithoutAccessPoint",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: [
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
        "elasticfilesystem:ClientRootAccess",
      ],
      Resource: resource,
      Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
    },
    {
      Sid: "BbwsDenyUnencryptedTransport",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "*",
      Resource: resource,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}

/**
 * The file system policy for a control plane in `controlAccountId`: the isolation statements,
 * and, when the control plane is in another account, its mounts. `deployerArn` narrows the
 * configuration-time statement to the principal that runs `sst deploy`; by default the control
 * account, which delegates to its own IAM policies.
 */
export function efsFileSystemPolicy(input: {
  config: DeployConfig;
  controlAccountId: string;
  deployerArn?: string;
}): PolicyDocument {
  const { config, controlAccountId } = input;
  const resource = fileSystemArn(config);
  const mounting = MOUNTING_ROLES.map((role) => ({
    Sid: `BbwsMount${role[0]?.toUpperCase()}${role.slice(1)}`,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${controlAccountId}:role/${functionName(config.stage, role)}` },
    Action: OWN_GRANTS[role]
      .filter((grant) => grant.resources.includes("efsFileSystem"))
      .flatMap((grant) => grant.actions),
    Resource: resource,
    Condition: {
      Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" },
      StringEquals: { "elasticfilesystem:AccessPointArn": config.infra.efsRootAccessPointArn },
    },
  }));
  const configure = {
    Sid: "BbwsConfigureLambdaMount",
    Effect: "Allow",
    Principal: { AWS: input.deployerArn ?? `arn:aws:iam::${controlAccountId}:root` },
    Action: [...EFS_CONFIGURATION_ACTIONS],
    Resource: resource,
  };
  const crossAccount = controlAccountId !== config.account.accountId;
  return {
    Version: "2012-10-17",
    Statement: [...(crossAccount ? [...mounting, configure] : []), ...efsIsolationStatements(config)],
  };
}

/** The statement the deploying principal's own policy needs (control-plane account). */
export function efsDeployerStatement(config: DeployConfig): Record<string, unknown> {
  return {
    Sid: "BbwsConfigureLambdaMount",
    Effect: "Allow",
    Action: [...EFS_CONFIGURATION_ACTIONS],
    Resource: fileSystemArn(config),
  };
}
