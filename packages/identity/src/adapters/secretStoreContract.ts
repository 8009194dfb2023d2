import { describe, expect, it } from "vitest";
import type { SecretStore } from "../ports.ts";
import { sampleInstance } from "../testing/sampleInstance.ts";

export interface SecretStoreContractSubject {
  readonly store: SecretStore;
  /** The current value behind a reference; null when there is no secret. */
  read(reference: string): Promise<string | null>;
}

/** The behaviour every SecretStore adapter must have; run against each adapter. */
export function describeSecretStoreContract(
  adapter: string,
  make: () => Promise<SecretStoreContractSubject> | SecretStoreContractSubject,
) {
  describe(`SecretStore contract: ${adapter}`, () => {
    const input = () => {
      const { instance } = sampleInstance();
      return {
        name: `bbws/${instance.tenantId}/dev/sso-client`,
        value: "v1",
        instance,
        idempotencyKey: "client-1",
      };
    };

    it("stores the value and returns a reference that may travel in events", async () => {
      const { store, read } = await make();
      const secret = input();
      const reference = await store.put(secret);
      expect(reference).toMatch(/^(arn:aws[a-z-]*:secretsmanager:|local-secret:)/);
      expect(await read(reference)).toBe("v1");
    });

    it("answers a repeat with the same reference and leaves the value as it was", async () => {
      const { store, read } = await make();
      const secret = input();
      const reference = await store.put(secret);
      expect(await store.put(secret)).toBe(reference);
      expect(await read(reference)).toBe("v1");
    });

    it("replaces the value when the key changes (a new app client), under the same reference", async () => {
      const { store, read } = await make();
      const secret = input();
      const reference = await store.put(secret);
      expect(await store.put({ ...secret, value: "v2", idempotencyKey: "client-2" })).toBe(reference);
      expect(await read(reference)).toBe("v2");
    });

    it("removes the secret at once, and a repeat reports there was nothing", async () => {
      const { store, read } = await make();
      const secret = input();
      const reference = await store.put(secret);
      expect(await store.remove(secret.name, secret.instance)).toBe(true);
      expect(await read(reference)).toBeNull();
      expect(await store.remove(secret.name, secret.instance)).toBe(false);
    });
  });
}
