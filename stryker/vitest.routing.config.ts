import { domainVitestConfig } from "./domainVitestConfig.ts";

export default domainVitestConfig(["packages/routing/src/domain/**/*.test.ts"]);
