import { domainVitestConfig } from "./domainVitestConfig.ts";

export default domainVitestConfig(["packages/identity/src/domain/**/*.test.ts"]);
