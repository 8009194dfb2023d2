import { domainVitestConfig } from "./domainVitestConfig.ts";

export default domainVitestConfig(["packages/storage/src/domain/**/*.test.ts"]);
