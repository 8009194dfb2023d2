/** An IAM policy document as the printed policies (workloadPolicy.ts, efsCrossAccount.ts) write it. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}
