import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { expect, it } from "vitest";
import { IdentityError } from "../domain/errors.ts";
import type { driveIdentity } from "../testing/driveIdentity.ts";
import { ownPools } from "../testing/ownPools.ts";
import { crashingRecords, sampleInstance } from "../testing/sampleInstance.ts";

/** What the contract hands these tests: the provider driven through the decider's steps. */
export interface RecoverySubject {
  readonly provider: ReturnType<typeof driveIdentity>;
  readonly cognito: CognitoIdentityProviderClient;
  readSecret(reference: string): Promise<string | null>;
}

/**
 * The part of the IdentityProvider contract about what goes wrong: a late release, a crash
 * between a create and its record, a full region. Run inside `describeIdentityProviderContract`.
 */
export function describeIdentityRecovery(
  make: (deps: { records: ResourceRecords; userPoolQuota?: number }) => Promise<RecoverySubject>,
) {
  it("leaves a newer instance of the tenant alone when an old release is repeated late", async () => {
    const { provider, cognito, readSecret } = await make({ records: createMemoryResourceRecords() });
    const old = sampleInstance();
    await provider.ensureIdentity(old.instance, old.spec);
    await provider.releaseIdentity(old.instance);
    const newer = sampleInstance({ tenantId: old.instance.tenantId });
    const outputs = await provider.ensureIdentity(newer.instance, newer.spec);
    expect(await provider.releaseIdentity(old.instance)).toEqual([]);
    expect(await readSecret(outputs.clientSecretRef)).toContain(outputs.appClientId);
    await cognito.send(new DescribeUserPoolCommand({ UserPoolId: outputs.userPoolId }));
    await provider.releaseIdentity(newer.instance);
  });

  it("adopts the pool after a crash between CreateUserPool and its record", async () => {
    const records = createMemoryResourceRecords();
    const { instance, spec } = sampleInstance();
    // The tenant's prod pool has the same name: adoption must tell them apart by tag.
    const prod = sampleInstance({ tenantId: instance.tenantId, environment: "prod" });
    const prodOutputs = await (await make({ records })).provider.ensureIdentity(prod.instance, prod.spec);
    const crashing = await make({
      records: crashingRecords(
        records,
        (record) => record.kind === "user-pool" && record.state === "created",
      ),
    });
    await expect(crashing.provider.ensureIdentity(instance, spec)).rejects.toThrow(/simulated crash/);
    const { provider, cognito } = await make({ records });
    const outputs = await provider.ensureIdentity(instance, spec);
    expect(outputs.userPoolId).not.toBe(prodOutputs.userPoolId);
    expect(await ownPools(cognito, `bbws-${instance.tenantId}-users`, instance)).toEqual([
      outputs.userPoolId,
    ]);
    expect(await provider.releaseIdentity(instance)).toContain(`bbws-${instance.tenantId}-users`);
    await provider.releaseIdentity(prod.instance);
  });

  it("adopts the app client after a crash between CreateUserPoolClient and its record", async () => {
    const records = createMemoryResourceRecords();
    const crashing = await make({
      records: crashingRecords(
        records,
        (record) => record.kind === "app-client" && record.state === "created",
      ),
    });
    const { instance, spec } = sampleInstance();
    await expect(crashing.provider.ensureIdentity(instance, spec)).rejects.toThrow(/simulated crash/);
    const { provider, cognito } = await make({ records });
    const outputs = await provider.ensureIdentity(instance, spec);
    const { UserPoolClients = [] } = await cognito.send(
      new ListUserPoolClientsCommand({ UserPoolId: outputs.userPoolId, MaxResults: 60 }),
    );
    expect(UserPoolClients.map((client) => client.ClientId)).toEqual([outputs.appClientId]);
    await provider.releaseIdentity(instance);
  });

  // The server refuses CreateUserPool at the quota (LimitExceededException, as Cognito does):
  // the adapter counts nothing beforehand, and takes its intent back.
  it("refuses with IDENTITY.QUOTA_EXHAUSTED when the region is full: no pool made, no record left", async () => {
    const probe = await make({ records: createMemoryResourceRecords() });
    const { UserPools = [] } = await probe.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const records = createMemoryResourceRecords();
    const { provider, cognito } = await make({ records, userPoolQuota: UserPools.length });
    const { instance, spec } = sampleInstance();
    const failure = await provider.ensureIdentity(instance, spec).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IdentityError);
    expect(failure).toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
    expect(await ownPools(cognito, `bbws-${instance.tenantId}-users`, instance)).toEqual([]);
    expect(await records.list()).toEqual([]);
  });
}
