import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ComputeOutputs,
  createEvent,
  type DataOf,
  type DomainEvent,
  type EventName,
} from "@bbws/contracts";
import { type ComputeFact, type ComputeVerdict, decideCompute } from "../domain/computeDecider.ts";
import type { ComputeEffect, ComputeRequest } from "../domain/computeEffect.ts";
import { type ComputeState, initialComputeState, PROGRESS_KEPT } from "../domain/computeState.ts";
import { evolveCompute } from "../domain/evolveCompute.ts";

/** Given/when/then helpers for compute's decider: requests about one instance, facts, a fold. */
export const INSTANCE = {
  tenantId: "acme",
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  environment: "dev",
} as const;
export const PROVISION_OP = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";

const fixtures = join(import.meta.dirname, "..", "..", "..", "contracts", "fixtures");
export const computeRequest: ComputeRequest = JSON.parse(
  readFileSync(join(fixtures, "ComputeRequested.v1.json"), "utf8"),
).detail.data;

/** A request to compute, as the ledger sends it (a fresh event id each time unless given). */
export function request<N extends EventName>(
  name: N,
  data: DataOf<N>,
  eventId = randomUUID(),
): DomainEvent<N> {
  return createEvent({
    name,
    data,
    producer: "ledger",
    meta: {
      eventId,
      occurredAt: "2026-11-22T10:00:00.000Z",
      correlationId: PROVISION_OP,
      causationId: null,
      ...INSTANCE,
    },
  });
}

export const outputs = (desiredCount = 1, revision = 1): ComputeOutputs => ({
  serviceRef: "wp-acme-dev",
  taskDefinitionRef: `wp-acme-dev:${revision}`,
  desiredCount,
});

/** What a healthy cloud answers each step with; a new revision each registration. */
export function cloud(): (effect: ComputeEffect) => ComputeFact {
  let revisions = 0;
  const values: { [K in ComputeEffect["kind"]]: () => unknown } = {
    createTaskRole: () => TASK_ROLE,
    prepareLogs: () => undefined,
    registerRevision: () => `wp-acme-dev:${++revisions}`,
    startInstall: () => "install-task",
    awaitInstall: () => "installed",
    createService: () => "wp-acme-dev",
    deployRevision: () => undefined,
    awaitRollout: () => undefined,
    setDesiredCount: () => undefined,
    restartService: () => undefined,
    checkHealth: () => HEALTHY,
    findCompute: () => ({ owned: true }),
    deleteService: () => ["wp-acme-dev"],
    deleteRevisions: () => ["wp-acme-dev:1"],
    deleteTaskRole: () => [TASK_ROLE],
  };
  return (effect) => succeeded(effect, values[effect.kind]());
}
export const TASK_ROLE = "arn:aws:iam::111122223333:role/bbws/tenants/wp-acme-dev-task";
export const HEALTHY = { url: "https://acme.sites.bbws.example.com/", httpStatus: 200 };

export const computeRequested = (operationId = PROVISION_OP) =>
  request("ComputeRequested", { ...computeRequest, operationId });
export const releaseRequested = (operationId: string, reason: "rollback" | "deprovision" = "deprovision") =>
  request("ReleaseRequested", { operationId, service: "compute", reason, archive: false });

export const succeeded = (effect: ComputeEffect, value: unknown): ComputeFact => ({
  kind: "succeeded",
  effect,
  value,
  request: randomUUID(),
});
export const failed = (effect: ComputeEffect, code: string, retryable = false): ComputeFact => ({
  kind: "failed",
  effect,
  failure: { code, reason: `${code} happened`, retryable },
  request: randomUUID(),
});

export const initial = initialComputeState;
export const PROGRESS_KEPT_FOR_TESTS = PROGRESS_KEPT;

export const given = (...facts: ComputeFact[]): ComputeState =>
  facts.reduce(evolveCompute, initialComputeState);

/** The effect the decider asks for next; throws when it asks for none. */
export function effectOf(verdict: ComputeVerdict): ComputeEffect {
  if (verdict.kind !== "decide" || !verdict.run)
    throw new Error(`no effect decided: ${JSON.stringify(verdict)}`);
  return verdict.run;
}

export const answersOf = (verdict: ComputeVerdict) =>
  verdict.kind === "decide" ? (verdict.emit ?? []).map((answer) => answer.type) : [];

/** Runs `request` to its end as the executor would, with `port` answering each effect. */
export function settle(
  state: ComputeState,
  event: DomainEvent,
  port: (effect: ComputeEffect) => ComputeFact = cloud(),
): { state: ComputeState; effects: ComputeEffect["kind"][]; verdict: ComputeVerdict } {
  const effects: ComputeEffect["kind"][] = [];
  // Bounded: a decider that never answers fails the test instead of hanging it.
  for (let step = 0; step < 30; step += 1) {
    const verdict = decideCompute(state, event);
    if (verdict.kind !== "decide" || !verdict.run) return { state, effects, verdict };
    effects.push(verdict.run.kind);
    state = evolveCompute(state, port(verdict.run));
  }
  throw new Error(`the decider never answered; it ran ${effects.join(", ")}`);
}

/** `request` run to its end from `state` on a healthy cloud: the state after it. */
export function after(state: ComputeState, ...events: DomainEvent[]): ComputeState {
  const port = cloud();
  return events.reduce((known, event) => settle(known, event, port).state, state);
}
