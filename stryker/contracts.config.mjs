import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "contracts",
  mutate: ["packages/contracts/src/stateMachine.ts", "packages/contracts/src/naming.ts"],
  breakAt: 90,
});
