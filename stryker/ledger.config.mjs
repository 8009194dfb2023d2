import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "ledger",
  mutate: ["packages/ledger/src/domain/**/*.ts", "!packages/ledger/src/domain/**/*.test.ts"],
  breakAt: 90,
});
