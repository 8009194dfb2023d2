import { callSiteOf, formatFrame, repoFrames } from "./callSite.ts";
import type { RecordedCall } from "./recordedCall.ts";
import { validateInput } from "./validateInput.ts";

/**
 * Members the SDK sends that the committed models (python3-botocore 1.29, December 2022) do
 * not know yet: AWS added them later.
 */
const NEWER_THAN_MODELS = new Set([
  "ReceiveMessage: MessageSystemAttributeNames is not a member of ReceiveMessageRequest",
  "RunTask: clientToken is not a member of RunTaskRequest",
]);

/**
 * Every recorded input of deployed code against AWS's own service model (the second oracle,
 * for names and tokens: lengths, patterns, enums): a violation fails the test file.
 */
export function validateRecordedCalls(calls: readonly RecordedCall[]): void {
  const problems = new Set<string>();
  for (const call of calls) {
    const callSite = callSiteOf(repoFrames(call.stack));
    if (!callSite) continue;
    for (const problem of validateInput(call.client, call.command, call.input).problems)
      if (!NEWER_THAN_MODELS.has(problem))
        problems.add(`${call.client} ${problem}\n    called at ${formatFrame(callSite)} (${call.testName})`);
  }
  if (problems.size > 0)
    throw new Error(
      `${problems.size} recorded input(s) break AWS's service model:\n${[...problems].join("\n")}`,
    );
}
