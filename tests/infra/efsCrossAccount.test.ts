import { describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import {
  efsDeployerStatement,
  efsFileSystemPolicy,
  efsIsolationStatements,
} from "../../infra/efsCrossAccount.ts";
import { actionsOf, OWN_GRANTS } from "../../infra/iamTable.ts";
import { workloadRolesReport } from "../../infra/workloadPolicy.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";

const config = loadDeployConfig(DEPLOY_ENV, "dev");
const CONTROL = "999988887777";
const FILE_SYSTEM = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0";

describe("cross-account EFS: what the file system of the environment's account must allow", () => {
  it("admits the storage role to mount through a mount target and the root access point, and the deployer to configure the mount", () => {
    expect(efsFileSystemPolicy({ config, controlAccountId: CONTROL })).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "BbwsMountStorage",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::999988887777:role/bbws-dev-storage" },
          Action: [
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite",
            "elasticfilesystem:ClientRootAccess",
          ],
          Resource: FILE_SYSTEM,
          Condition: {
            Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" },
            StringEquals: {
              "elasticfilesystem:AccessPointArn":
                "arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0123456789abcdef0",
            },
          },
        },
        {
          Sid: "BbwsConfigureLambdaMount",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::999988887777:root" },
          Action: ["elasticfilesystem:DescribeMountTargets"],
          Resource: FILE_SYSTEM,
        },
        ...efsIsolationStatements(config),
      ],
    });
  });

  it("denies, in every deployment, a mount not through an access point and any unencrypted connection", () => {
    expect(efsIsolationStatements(config)).toEqual([
      {
        Sid: "BbwsDenyMountWithoutAccessPoint",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: [
          "elasticfilesystem:ClientMount",
          "elasticfilesystem:ClientWrite",
          "elasticfilesystem:ClientRootAccess",
        ],
        Resource: FILE_SYSTEM,
        Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } },
      },
      {
        Sid: "BbwsDenyUnencryptedTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "*",
        Resource: FILE_SYSTEM,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    // The control plane in the environment's account: its own grants mount, the policy only denies.
    expect(efsFileSystemPolicy({ config, controlAccountId: "111122223333" }).Statement).toEqual(
      efsIsolationStatements(config),
    );
  });

  it("can name the deploying principal instead of the whole control account", () => {
    const deployerArn = "arn:aws:iam::999988887777:role/bbws-deployer";
    const policy = efsFileSystemPolicy({ config, controlAccountId: CONTROL, deployerArn });
    expect(policy.Statement[1]).toMatchObject({ Principal: { AWS: deployerArn } });
  });

  it("grants exactly what the storage role's own grants say (one source: the IAM table)", () => {
    const [mount] = efsFileSystemPolicy({ config, controlAccountId: CONTROL }).Statement;
    const ownEfs = OWN_GRANTS.storage.filter((grant) => grant.resources.includes("efsFileSystem"));
    expect([...((mount?.Action ?? []) as string[])].sort()).toEqual(actionsOf(ownEfs));
  });

  it("gives the deployer's own policy the configuration-time action", () => {
    expect(efsDeployerStatement(config)).toEqual({
      Sid: "BbwsConfigureLambdaMount",
      Effect: "Allow",
      Action: ["elasticfilesystem:DescribeMountTargets"],
      Resource: FILE_SYSTEM,
    });
  });

  it("printWorkloadPolicies prints both for the served environment in another account, the isolation policy alone in the same account", () => {
    const report = (control: string) => {
      const result = workloadRolesReport([control, "dev"], DEPLOY_ENV);
      if (!result.ok) throw new Error(result.usage);
      return JSON.parse(result.json);
    };
    const other = report(CONTROL);
    expect(other.dev.fileSystemPolicy).toEqual(efsFileSystemPolicy({ config, controlAccountId: CONTROL }));
    expect(other.dev.deployerStatement).toEqual(efsDeployerStatement(config));
    expect(other.sit).not.toHaveProperty("fileSystemPolicy");
    const same = report("111122223333").dev;
    expect(same.fileSystemPolicy.Statement).toEqual(efsIsolationStatements(config));
    expect(same).not.toHaveProperty("deployerStatement");
  });
});
