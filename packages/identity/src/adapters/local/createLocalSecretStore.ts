import type { LocalSecrets } from "@bbws/local-cloud";
import type { SecretStore } from "../../ports.ts";

/**
 * The client secret as a 0600 file (`local-secret:` reference). The local-cloud
 * secrets keep an existing value, like a repeated ClientRequestToken; a
 * different value (a new app client) replaces it, like a new secret version.
 * Files carry no tags: `remove` trusts the caller's records for ownership.
 */
export function createLocalSecretStore(secrets: LocalSecrets): SecretStore {
  const referenceOf = (name: string) => `local-secret:${name}`;
  return {
    async put({ name, value }) {
      const reference = referenceOf(name);
      if (secrets.exists(reference) && secrets.read(reference) !== value) secrets.remove(reference);
      return secrets.put(name, value);
    },
    async remove(name) {
      const reference = referenceOf(name);
      const existed = secrets.exists(reference);
      secrets.remove(reference);
      return existed;
    },
  };
}
