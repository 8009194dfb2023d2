import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "compute",
  mutate: [
    "packages/compute/src/domain/**/*.ts",
    "!packages/compute/src/domain/**/*.test.ts",
    "!packages/compute/src/domain/errors.ts",
  ],
  breakAt: 85,
});
