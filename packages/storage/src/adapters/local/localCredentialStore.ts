import type { LocalSecrets } from "@bbws/local-cloud";
import { decodeCredentials, encodeCredentials } from "../credentialsSecret.ts";
import type { CredentialStore } from "../storageParts.ts";
import { localCredentialVersions } from "./localCredentialVersions.ts";

/** Credentials in a 0600 local secret `local-secret:{tenantId}/{env}/db` (and, while rotating, its versions). */
export function createLocalCredentialStore(secrets: LocalSecrets): CredentialStore {
  const refOf = (name: string) => `local-secret:${name}`;
  return {
    async ensure(names, draft) {
      // put keeps an existing secret, so reading back yields the password that is really stored.
      const ref = secrets.put(names.secretName, encodeCredentials(draft));
      return { ref, credentials: decodeCredentials(secrets.read(ref), ref) };
    },
    async remove(names) {
      const ref = refOf(names.secretName);
      secrets.remove(ref);
      return [`secret:${ref}`];
    },
    ...localCredentialVersions(secrets, (names) => refOf(names.secretName)),
  };
}
