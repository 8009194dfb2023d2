import { domainVitestConfig } from "./domainVitestConfig.ts";

export default domainVitestConfig(["packages/contracts/src/**/*.test.ts"]);
