/**
 * Grants no simulated request needs, each with the reason it stays. The grant mutation test
 * fails on a grant that no request needs and that is not listed here, and on a listed grant
 * that some request does need (take it off the list).
 */
export const UNUSED_GRANTS: Readonly<Record<string, string>> = {
  "orphanScan (workload role): secretsmanager:GetSecretValue on {rdsMasterSecret}":
    "createRdsAdminPool in infra/lambdas/orphanScanDeps.ts reads it; no test runs that composition root with " +
    "AWS clients mocked (storage's own read of the same secret is recorded: tests/infra/lambdaDeps.test.ts)",
};
