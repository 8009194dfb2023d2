import { randomInt, randomUUID } from "node:crypto";
import { type Environment, type InstanceRef, type InstanceSpec, InstanceSpecSchema } from "@bbws/contracts";
import type { ResourceRecord, ResourceRecords } from "@bbws/mesh";

/** Digits after a letter: never spells a Cognito reserved word. */
export const uniqueTenantId = () => `t${randomInt(1e9, 1e10)}`;

export function sampleInstance(
  overrides: { tenantId?: string; environment?: Environment; instanceId?: string } = {},
): { instance: InstanceRef; spec: InstanceSpec } {
  const tenantId = overrides.tenantId ?? uniqueTenantId();
  const environment = overrides.environment ?? "dev";
  const spec = InstanceSpecSchema.parse({
    tenantId,
    environment,
    size: "small",
    desiredCount: 1,
    wordpress: { version: "6.1", image: "wordpress:6.1" },
    hostname: `${tenantId}.sites.example.com`,
  });
  return { instance: { instanceId: overrides.instanceId ?? randomUUID(), tenantId, environment }, spec };
}

/** Records that fail ONE matching put: a crash between a cloud call and its record. */
export function crashingRecords(
  records: ResourceRecords,
  when: (record: ResourceRecord) => boolean,
): ResourceRecords {
  let crashed = false;
  return {
    ...records,
    async put(record) {
      if (!crashed && when(record)) {
        crashed = true;
        throw new Error(`simulated crash before recording ${record.key} as ${record.state}`);
      }
      return records.put(record);
    },
  };
}
