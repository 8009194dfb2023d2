/**
 * Prints, for every account of BBWS_ACCOUNTS, the role the control plane assumes there: its
 * ARN, trust policy and permissions policy, from THE IAM table (docs/deploy.md, step 4).
 *
 *   BBWS_ACCOUNTS=... BBWS_SHARED_INFRA=... BBWS_OPERATORS_POOL=... \
 *     npx tsx infra/printWorkloadPolicies.ts <control-account-id> [stage]
 */
import { workloadRolesReport } from "./workloadPolicy.ts";

const report = workloadRolesReport(process.argv.slice(2), process.env);
if (report.ok) process.stdout.write(`${report.json}\n`);
else {
  process.stderr.write(`${report.usage}\n`);
  process.exitCode = 2;
}
