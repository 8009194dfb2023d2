import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalSecrets } from "@bbws/local-cloud";
import { afterAll } from "vitest";
import { describeSecretStoreContract } from "../secretStoreContract.ts";
import { createLocalSecretStore } from "./createLocalSecretStore.ts";

const directory = mkdtempSync(join(tmpdir(), "identity-secrets-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeSecretStoreContract("local secret files", () => {
  const secrets = createLocalSecrets(directory);
  return {
    store: createLocalSecretStore(secrets),
    read: async (reference) => (secrets.exists(reference) ? secrets.read(reference) : null),
  };
});
