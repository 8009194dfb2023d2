import { domainConfig } from "./domainConfig.mjs";

export default domainConfig({
  name: "storage",
  mutate: [
    "packages/storage/src/domain/**/*.ts",
    "!packages/storage/src/domain/**/*.test.ts",
    "!packages/storage/src/domain/errors.ts",
  ],
  breakAt: 85,
});
