import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "identity",
  mutate: [
    "packages/identity/src/domain/**/*.ts",
    "!packages/identity/src/domain/**/*.test.ts",
    "!packages/identity/src/domain/errors.ts",
  ],
  breakAt: 85,
});
