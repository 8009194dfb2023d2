// Test helpers (they import vitest): a separate entry point, `@bbws/mesh/testing`, so that no
// Lambda bundle that imports `@bbws/mesh` pulls in a test runner.
export { awsError, inputsOf } from "./awsSdkMocks.ts";
export { jsonError, type ScriptedAnswer, scriptedJsonService } from "./scriptedJsonService.ts";
export { describeResourceRecordsContract, describeServiceJournalContract } from "./storeContracts.ts";
export { useLocalRecordsTable } from "./useLocalRecordsTable.ts";
