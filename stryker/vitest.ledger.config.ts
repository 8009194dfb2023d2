import { domainVitestConfig } from "./domainVitestConfig.ts";

// Every ledger test but the DynamoDB Local one, which needs the suite's globalSetup and only
// reaches the domain through the store (its typed errors are also pinned by the commands test).
export default domainVitestConfig(
  ["packages/ledger/src/**/*.test.ts"],
  ["packages/ledger/src/adapters/dynamo/createDynamoLedgerStore.test.ts"],
);
