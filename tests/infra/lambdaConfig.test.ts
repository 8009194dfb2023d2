import { beforeAll, describe, expect, it } from "vitest";
import { loadComputeConfig } from "../../packages/compute/src/handlers/deps.ts";
import { loadLedgerConfig } from "../../packages/ledger/src/handlers/deps.ts";
import { loadRelayConfig } from "../../packages/ledger/src/handlers/depsRelay.ts";
import { loadRoutingConfig } from "../../packages/routing/src/handlers/deps.ts";
import { deployedEnvironments } from "./lambdaFixtures.ts";
import { LAMBDA_LOADERS } from "./lambdaLoaders.ts";

/** Each composition root (deps*.ts) validates the environment sst.config.ts gives its function. */
let envOf: Awaited<ReturnType<typeof deployedEnvironments>>;
beforeAll(async () => {
  envOf = await deployedEnvironments();
});

describe("configuration", () => {
  it.each(Object.keys(LAMBDA_LOADERS).map((id) => [id]))("%s: the deployed environment is valid", (id) => {
    const key = id as keyof typeof LAMBDA_LOADERS;
    expect(() => LAMBDA_LOADERS[key](envOf(key))).not.toThrow();
  });

  it("names the variable that is missing or malformed", () => {
    const env = envOf("routing");
    expect(() => loadRoutingConfig({ ...env, BBWS_ACCOUNTS: "[{" })).toThrow(
      /must be JSON[\s\S]*BBWS_ACCOUNTS/,
    );
    const { BBWS_BUS_NAME: _missing, ...withoutBus } = env;
    expect(() => loadRoutingConfig(withoutBus)).toThrow(/BBWS_BUS_NAME/);
    expect(() => loadComputeConfig({ ...envOf("compute"), BBWS_TASK_SUBNETS: '["sg-1"]' })).toThrow(
      /BBWS_TASK_SUBNETS/,
    );
    expect(() => loadLedgerConfig({ ...envOf("ledger"), BBWS_WORDPRESS: "{}" })).toThrow(/BBWS_WORDPRESS/);
    expect(() => loadRelayConfig({})).toThrow(
      /BBWS_LEDGER_TABLE[\s\S]*BBWS_BUS_NAME|BBWS_BUS_NAME[\s\S]*BBWS_LEDGER_TABLE/,
    );
  });
});
