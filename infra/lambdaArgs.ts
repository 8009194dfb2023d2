import type { DeployConfig } from "./deployConfig.ts";
import { EFS_MOUNT_PATH, type FunctionSpec, functionName, VPC_FUNCTIONS } from "./functions.ts";
import { LAMBDA_RUNTIME } from "./lambdaRuntime.ts";

/**
 * SST function arguments for one row of the wiring table. The role comes from the IAM table
 * (infra/roles.ts): with `role` set, SST creates no role and adds no permission of its own.
 * The storage function joins a VPC (it reaches RDS with mysql2 and mounts EFS); so do the
 * orphan scan, which lists and drops databases on RDS, and the storage drift function, which
 * reads RDS's catalog for the live check (neither mounts EFS).
 */
export function lambdaArgs(input: {
  spec: FunctionSpec;
  config: DeployConfig;
  role: aws.iam.Role;
  environment: Record<string, $util.Input<string>>;
}): sst.aws.FunctionArgs {
  const { spec, config } = input;
  const network = config.infra.storageLambda;
  return {
    name: functionName(config.stage, spec.id),
    handler: spec.handler,
    role: input.role.arn,
    // `sst dev` would swap in a live stub that needs permissions these roles do not hold.
    dev: false,
    runtime: LAMBDA_RUNTIME,
    architecture: "arm64",
    timeout: `${spec.timeoutSeconds} seconds`,
    memory: `${spec.memoryMb} MB`,
    environment: input.environment,
    logging: { retention: "1 month" },
    ...(spec.ephemeralStorageMb ? { storage: `${spec.ephemeralStorageMb} MB` as const } : {}),
    ...(spec.reservedConcurrency ? { concurrency: { reserved: spec.reservedConcurrency } } : {}),
    ...(VPC_FUNCTIONS.includes(spec.id)
      ? { vpc: { privateSubnets: network.privateSubnetIds, securityGroups: network.securityGroupIds } }
      : {}),
    ...(spec.id === "storage"
      ? { volume: { efs: config.infra.efsRootAccessPointArn, path: EFS_MOUNT_PATH } }
      : {}),
  };
}
