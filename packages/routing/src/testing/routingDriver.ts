import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type InstanceRef,
  type InstanceSpec,
  type RoutingOutputs,
} from "@bbws/contracts";
import { runRoutingEffect } from "../application/runRoutingEffect.ts";
import { decideRouting } from "../domain/decideRouting.ts";
import { evolveRouting } from "../domain/evolveRouting.ts";
import { INITIAL_ROUTING_STATE, type RoutingAnswer, type RoutingState } from "../domain/routingState.ts";
import type { RoutingProvider } from "../ports.ts";

type Request = "InstanceRequested" | "ReleaseRequested" | "SuspendRequested" | "ResumeRequested";

/**
 * Runs routing's decider in process over a provider, with no journal and no bus: the steps in the
 * service's order, an adapter's error thrown as is. For adapter tests and tools that need a whole
 * route; the service itself runs through the executor (createRoutingService).
 */
export function createRoutingDriver(provider: RoutingProvider) {
  const states = new Map<string, RoutingState>();
  // Requests are ordered by their time, as the ledger's are: one second apart.
  let requests = 0;

  async function send<N extends Request>(instance: InstanceRef, name: N, data: DataOf<N>) {
    const eventId = randomUUID();
    const operationId = (data as { operationId: string }).operationId;
    const occurredAt = new Date(Date.UTC(2026, 0, 1) + 1000 * requests++).toISOString();
    const meta = { eventId, occurredAt, correlationId: operationId, causationId: null, ...instance };
    const event = createEvent({ name, data, meta }) as DomainEvent;
    let state = states.get(instance.instanceId) ?? INITIAL_ROUTING_STATE;
    for (;;) {
      const verdict = decideRouting(state, event);
      if (verdict.kind !== "decide") throw new Error(`routing did not act on ${name}: ${verdict.kind}`);
      if (!verdict.run) return verdict.emit ?? [];
      const effect = verdict.run;
      const value = await runRoutingEffect(provider, effect, instance);
      state = evolveRouting(state, { kind: "succeeded", effect, value, request: eventId });
      states.set(instance.instanceId, state);
    }
  }
  const only = <T extends RoutingAnswer["type"]>(answers: readonly RoutingAnswer[], type: T) => {
    const answer = answers.find((each) => each.type === type);
    if (!answer) throw new Error(`routing answered ${answers.map((each) => each.type).join(", ")}`);
    return answer as Extract<RoutingAnswer, { type: T }>;
  };
  const operation = () => ({ operationId: randomUUID() });

  return {
    async ensureRoute(instance: InstanceRef, spec: InstanceSpec): Promise<RoutingOutputs> {
      const answers = await send(instance, "InstanceRequested", { ...operation(), spec });
      return only(answers, "RoutingReady").data.outputs;
    },
    async releaseRoute(instance: InstanceRef): Promise<string[]> {
      const data = { ...operation(), service: "routing", reason: "deprovision", archive: false } as const;
      return only(await send(instance, "ReleaseRequested", data), "RoutingReleased").data.released;
    },
    async suspendRoute(instance: InstanceRef): Promise<void> {
      only(await send(instance, "SuspendRequested", operation()), "OperationStepCompleted");
    },
    async resumeRoute(instance: InstanceRef): Promise<void> {
      only(await send(instance, "ResumeRequested", operation()), "OperationStepCompleted");
    },
  };
}

export type RoutingDriver = ReturnType<typeof createRoutingDriver>;
