import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type EventName,
  type LedgerCommand,
  type Producer,
} from "@bbws/contracts";
import { decideCommand } from "../domain/decideCommand.ts";
import { decideEvent } from "../domain/decideEvent.ts";
import type { Decision, Emit } from "../domain/decision.ts";
import type { InstanceRecord } from "../domain/instance.ts";
import { sampleSpec } from "./sampleRecords.ts";

export const NOW = "2026-11-22T10:00:00.000Z";
export const INSTANCE_ID = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
export const PROVISION_OP = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";

export const outputs = {
  identity: {
    userPoolId: "eu-west-1_Abc",
    appClientId: "client1",
    hostedDomain: "bbws-acme-dev.auth",
    clientSecretRef: "local-secret:acme/sso",
  },
  storage: {
    accessPointId: "fsap-1",
    rootDirectory: "/tenants/acme",
    posixUid: 20001,
    posixGid: 20001,
    databaseHost: "127.0.0.1",
    databasePort: 3306,
    databaseName: "wp_acme",
    databaseUser: "wp_acme",
    credentialsSecretRef: "local-secret:acme/db",
  },
  routing: {
    targetGroupRef: "tg-acme-dev",
    listenerRuleRef: "rule-1",
    hostname: "acme.localhost",
    url: "http://acme.localhost:8080/",
  },
  compute: { serviceRef: "wp-acme-dev", taskDefinitionRef: "wp-acme-dev:1", desiredCount: 1 },
} as const;

/** A catalog event about the scenario's instance, as a service would send it. */
export function event<N extends EventName>(name: N, data: DataOf<N>, producer?: Producer): DomainEvent<N> {
  return createEvent({
    name,
    data,
    ...(producer ? { producer } : {}),
    meta: {
      eventId: randomUUID(),
      occurredAt: NOW,
      correlationId: PROVISION_OP,
      causationId: null,
      tenantId: "acme",
      instanceId: INSTANCE_ID,
      environment: "dev",
    },
  });
}

export function provisionCommand(): LedgerCommand {
  return {
    operation: "provision",
    instanceId: INSTANCE_ID,
    operationId: PROVISION_OP,
    correlationId: PROVISION_OP,
    requestedBy: "test",
    spec: sampleSpec(),
  };
}

export function command(
  operation: Exclude<LedgerCommand["operation"], "provision">,
  extra: Record<string, unknown> = {},
): LedgerCommand {
  return {
    operation,
    instanceId: INSTANCE_ID,
    operationId: randomUUID(),
    correlationId: "c",
    requestedBy: "test",
    ...extra,
  } as LedgerCommand;
}

export type Input = LedgerCommand | DomainEvent;

function isEvent(input: Input): input is DomainEvent {
  return "detail-type" in input;
}

/** Given/when/then over the pure decisions: folds inputs, collecting what was emitted. */
export function run(
  inputs: readonly Input[],
  start: InstanceRecord | null = null,
): { record: InstanceRecord | null; emits: Emit[]; last: Decision } {
  let record = start;
  const emits: Emit[] = [];
  let last: Decision = { record, emits: [] };
  for (const input of inputs) {
    last = isEvent(input) ? decideEvent(record, input, NOW) : decideCommand(record, input, NOW);
    record = last.record;
    emits.push(...last.emits);
  }
  return { record, emits, last };
}

export const names = (emits: readonly Emit[]) => emits.map((emitted) => emitted.name);

export const op = PROVISION_OP;
export const ready = {
  identity: () => event("IdentityReady", { operationId: op, outputs: outputs.identity }),
  storage: () => event("StorageReady", { operationId: op, outputs: outputs.storage }),
  routing: () => event("RoutingReady", { operationId: op, outputs: outputs.routing }),
  compute: () => event("ComputeReady", { operationId: op, outputs: outputs.compute }),
  healthy: () => event("InstanceHealthy", { operationId: op, url: outputs.routing.url, httpStatus: 200 }),
};
export const released = {
  identity: () => event("IdentityReleased", { operationId: op, reason: "rollback", released: [] }),
  storage: () => event("StorageReleased", { operationId: op, reason: "rollback", released: [] }),
  routing: () => event("RoutingReleased", { operationId: op, reason: "rollback", released: [] }),
  compute: () => event("ComputeReleased", { operationId: op, reason: "rollback", released: [] }),
};
export const failure = (retryable = false) => ({
  operationId: op,
  code: "ROUTING.CAPACITY_EXHAUSTED",
  reason: "pool full",
  retryable,
});
