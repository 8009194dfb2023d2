import type { LocalSecrets } from "@bbws/local-cloud";
import { StorageError } from "../../domain/errors.ts";
import type { StorageNames } from "../../domain/storageNames.ts";
import { decodeCredentials } from "../credentialsSecret.ts";
import type { CredentialStore, CredentialVersion, DatabaseCredentials } from "../storageParts.ts";

type Login = Pick<DatabaseCredentials, "user" | "password">;
interface StoredLogin extends Login {
  readonly versionId?: string;
}

/**
 * The local secret as Secrets Manager's versions: the document's top level is AWSCURRENT (what
 * compute reads), `pending` and `previous` stand for AWSPENDING and AWSPREVIOUS. One 0600 file,
 * replaced whole, so a crash leaves the old or the new document.
 */
interface SecretDocument extends DatabaseCredentials {
  readonly versionId?: string;
  readonly pending?: StoredLogin;
  readonly previous?: StoredLogin;
}

type Versions = Pick<CredentialStore, "versions" | "putPending" | "promote" | "demote" | "forgetPrevious">;

export function localCredentialVersions(
  secrets: LocalSecrets,
  refOf: (names: StorageNames) => string,
): Versions {
  function load(names: StorageNames): SecretDocument {
    const ref = refOf(names);
    if (!secrets.exists(ref))
      throw new StorageError("STORAGE.NOT_PROVISIONED", `${ref} does not exist`, { retryable: false });
    const text = secrets.read(ref);
    const current = decodeCredentials(text, ref);
    const { versionId, pending, previous } = JSON.parse(text) as Partial<SecretDocument>;
    return { ...current, ...optional({ versionId, pending, previous }) };
  }
  const save = (names: StorageNames, document: SecretDocument) =>
    secrets.replace(refOf(names), JSON.stringify(document));

  const version = (base: DatabaseCredentials, login: StoredLogin): CredentialVersion => ({
    credentials: { ...base, user: login.user, password: login.password },
    ...optional({ versionId: login.versionId }),
  });

  return {
    async versions(names) {
      const document = load(names);
      const { host, port, database } = document;
      const base = { host, port, database, user: document.user, password: document.password };
      return {
        current: version(base, document),
        ...(document.pending ? { pending: version(base, document.pending) } : {}),
        ...(document.previous ? { previous: version(base, document.previous) } : {}),
      };
    },
    async putPending(names, credentials, versionId) {
      const document = load(names);
      if (document.pending) return;
      save(names, {
        ...document,
        pending: { user: credentials.user, password: credentials.password, versionId },
      });
    },
    async promote(names, versionId) {
      const { pending, previous: _older, ...current } = load(names);
      if (current.versionId === versionId) return;
      if (pending?.versionId !== versionId) throw new Error(`no pending version ${versionId} to promote`);
      const previous = loginOf(current);
      save(names, { ...current, user: pending.user, password: pending.password, versionId, previous });
    },
    async demote(names, versionId) {
      const { pending: _dropped, ...document } = load(names);
      const { previous } = document;
      if (document.versionId !== versionId || !previous) return save(names, document);
      const { previous: _current, ...rest } = document;
      save(names, {
        ...rest,
        user: previous.user,
        password: previous.password,
        ...optional({ versionId: previous.versionId }),
      });
    },
    async forgetPrevious(names) {
      const { previous, ...document } = load(names);
      if (previous) save(names, document);
    },
  };
}

function loginOf(document: SecretDocument): StoredLogin {
  return { user: document.user, password: document.password, ...optional({ versionId: document.versionId }) };
}

/** Drops undefined fields, so the document never holds `"versionId": undefined` (exactOptionalPropertyTypes). */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
