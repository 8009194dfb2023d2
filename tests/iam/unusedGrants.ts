/**
 * Grants no simulated request needs, each with the reason it stays. The grant mutation test
 * fails on a grant that no request needs and that is not listed here, and on a listed grant
 * that some request does need (take it off the list).
 */
export const UNUSED_GRANTS: Readonly<Record<string, string>> = {
  "storage: elasticfilesystem:ClientMount elasticfilesystem:ClientWrite elasticfilesystem:ClientRootAccess on efsFileSystem":
    "Lambda mounts the file system (infra/lambdaArgs.ts volume) with the role; the file system is in the " +
    "environment's account, so EFS also evaluates its file system policy, which the simulation does not hold " +
    "(issue 13 §3, cross-account EFS)",
  "orphanScan (workload role): secretsmanager:GetSecretValue on {rdsMasterSecret}":
    "createRdsAdminPool in infra/lambdas/orphanScanDeps.ts reads it; no test runs that composition root with " +
    "AWS clients mocked (storage's own read of the same secret is recorded: tests/infra/lambdaDeps.test.ts)",
};
