/**
 * Architectural boundaries (see ../docs/architecture.md):
 * - services import @bbws/contracts and @bbws/mesh, never each other (except the API's test
 *   code, which runs against the real ledger: @bbws/ledger is the API's devDependency);
 * - src/domain is pure: no SDK, no middy, no driver, no adapter, no node I/O;
 * - @bbws/local-cloud (the local emulations of AWS) is reached only by local code: runtime/, scripts/,
 *   tests/, bench/, services' src/adapters/local and src/testing, and test files. What is deployed
 *   (domain, application, handlers, AWS adapters, infra/) and mesh/contracts never import it.
 */
const services = ["api", "identity", "compute", "storage", "routing", "ledger"];
/** Who may import @bbws/local-cloud (see packages/local-cloud/README.md). */
const localCloudUsers = [
  "^packages/local-cloud/",
  "^(runtime|scripts|tests|bench)/",
  // A service's local adapters, test helpers and tests; mesh and contracts sit below local-cloud.
  "^packages/(?!mesh/|contracts/)[^/]+/src/(adapters/local|testing)/",
  "^packages/(?!mesh/|contracts/)[^/]+/src/.*\\.test\\.ts$",
];
/** The API's test code only (its tests run against the real ledger; @bbws/ledger is a devDependency). */
const apiTestCode = ["^packages/api/src/.*\\.test\\.ts$", "^packages/api/src/testing/"];

module.exports = {
  forbidden: [
    ...services.map((service) => ({
      name: `no-service-to-service-from-${service}`,
      comment: "Services talk through events; share only @bbws/contracts and @bbws/mesh.",
      severity: "error",
      from: { path: `^packages/${service}/`, ...(service === "api" ? { pathNot: apiTestCode } : {}) },
      to: { path: `^packages/(${services.filter((s) => s !== service).join("|")})/` },
    })),
    {
      name: "api-tests-import-only-the-ledger",
      comment:
        "The API's tests run against the real ledger (its memory store), through its barrel; no other service.",
      severity: "error",
      from: { path: apiTestCode },
      to: { path: `^packages/(${services.filter((s) => s !== "api" && s !== "ledger").join("|")})/` },
    },
    {
      name: "api-runtime-never-reaches-test-code",
      comment: "What the API ships never imports its testing folder (which imports @bbws/ledger).",
      severity: "error",
      from: { path: "^packages/api/src/", pathNot: apiTestCode },
      to: { path: "^packages/api/src/testing/" },
    },
    {
      name: "contracts-and-mesh-import-no-service",
      severity: "error",
      from: { path: "^packages/(contracts|mesh|local-cloud)/" },
      to: { path: `^packages/(${services.join("|")})/` },
    },
    {
      name: "contracts-import-no-mesh",
      severity: "error",
      from: { path: "^packages/contracts/" },
      to: { path: "^packages/mesh/" },
    },
    {
      name: "local-cloud-only-in-local-code",
      comment:
        "@bbws/local-cloud emulates AWS on one machine: only local wiring, local adapters and tests import it, never deployed code (domain, application, handlers, adapters/aws, infra/) nor mesh/contracts.",
      severity: "error",
      from: { pathNot: localCloudUsers },
      to: { path: "^packages/local-cloud/" },
    },
    {
      name: "pure-domain",
      comment: "src/domain holds pure decisions: no AWS SDK, middy, drivers, adapters or I/O modules.",
      severity: "error",
      from: { path: "^packages/[^/]+/src/domain/" },
      to: {
        path: [
          "node_modules/@aws-sdk/",
          "node_modules/@smithy/",
          "node_modules/@middy/",
          "node_modules/mysql2",
          "/src/adapters/",
          "/src/handlers/",
          "^packages/mesh/",
          "^packages/local-cloud/",
        ],
      },
    },
    {
      name: "pure-domain-no-node-io",
      severity: "error",
      from: { path: "^packages/[^/]+/src/domain/" },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|net|http|https|child_process|dgram|dns|fs/promises)$",
      },
    },
    {
      name: "no-deep-imports-across-packages",
      comment:
        "Import another package through its barrel (@bbws/<name>, or the test helpers' @bbws/<name>/testing), never a file inside it.",
      severity: "error",
      from: { path: "^packages/([^/]+)/" },
      to: { path: "^packages/([^/]+)/src/(?!(testing/)?index\\.ts$)", pathNot: "^packages/$1/" },
    },
    {
      name: "test-helpers-only-in-tests",
      comment:
        "@bbws/<name>/testing imports vitest: only tests and other test helpers may use it, never shipped code.",
      severity: "error",
      from: { path: "^(packages|infra|runtime)/", pathNot: ["\\.test\\.ts$", "/testing/"] },
      to: { path: "^packages/[^/]+/src/testing/index\\.ts$" },
    },
    {
      name: "iam-simulator-is-test-only",
      comment:
        "@cloud-copilot/iam-simulate is AGPL-3.0: a devDependency for the IAM simulation (tests/iam, scripts), never bundled into a function.",
      severity: "error",
      from: {
        path: ["^packages/[^/]+/src/", "^infra/", "^runtime/"],
        pathNot: ["\\.test\\.ts$", "/testing/"],
      },
      to: { path: "node_modules/@cloud-copilot/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
