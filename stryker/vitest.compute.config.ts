import { domainVitestConfig } from "./domainVitestConfig.ts";

export default domainVitestConfig(["packages/compute/src/domain/**/*.test.ts"]);
