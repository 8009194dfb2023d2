import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "routing",
  mutate: [
    "packages/routing/src/domain/**/*.ts",
    "!packages/routing/src/domain/**/*.test.ts",
    "!packages/routing/src/domain/errors.ts",
  ],
  breakAt: 85,
});
