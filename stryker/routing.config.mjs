import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "routing",
  mutate: ["packages/routing/src/domain/**/*.ts", "!packages/routing/src/domain/**/*.test.ts"],
  breakAt: 85,
});
