import { type ComputeOutputs, type DomainEvent, instanceRefOf } from "@bbws/contracts";
import {
  answerStep,
  type DeliveryContext,
  type EventPublisher,
  type ReplyContext,
  reply,
  runStep,
} from "@bbws/mesh";
import type { ComputeProvider } from "../ports.ts";

export interface ComputeServiceDeps {
  readonly provider: ComputeProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
}

type LifecycleOperation = "suspend" | "resume" | "scale" | "updateImage" | "restart" | "restore";

/** Reacts to ComputeRequested, ReleaseRequested(compute) and the lifecycle requests. */
export function createComputeService(deps: ComputeServiceDeps) {
  const context: ReplyContext = { producer: "compute", clock: deps.clock, newId: deps.newId };
  const { provider, publisher } = deps;

  async function provision(event: DomainEvent<"ComputeRequested">, delivery: DeliveryContext): Promise<void> {
    const instance = instanceRefOf(event);
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: "compute" };
    const { operationId } = event.detail.data;
    const created = await runStep(() => provider.ensureCompute(instance, event.detail.data), policy);
    if (!created.ok)
      return publisher.publish([reply(event, "ComputeFailed", { operationId, ...created.failure }, context)]);
    // Announce the service before waiting for health: a redelivery re-announces it, which the ledger absorbs.
    await publisher.publish([reply(event, "ComputeReady", { operationId, outputs: created.value }, context)]);
    const health = await runStep(() => provider.checkHealth(instance), policy);
    await publisher.publish([
      health.ok
        ? reply(event, "InstanceHealthy", { operationId, ...health.value }, context)
        : reply(event, "InstanceUnhealthy", { operationId, ...health.failure, retryable: false }, context),
    ]);
  }

  async function answer(event: DomainEvent, delivery: DeliveryContext): Promise<DomainEvent | null> {
    const instance = instanceRefOf(event);
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: "compute" };
    const step = async (
      operation: LifecycleOperation,
      operationId: string,
      run: () => Promise<ComputeOutputs>,
    ) => {
      const outcome = await runStep(run, policy);
      return answerStep({
        incoming: event,
        operationId,
        operation,
        service: "compute",
        outcome,
        result: (compute) => ({ compute }),
        context,
      });
    };
    switch (event["detail-type"]) {
      case "ReleaseRequested": {
        const { operationId, reason, service } = event.detail.data;
        if (service !== "compute") return null;
        const outcome = await runStep(() => provider.releaseCompute(instance), policy);
        return outcome.ok
          ? reply(event, "ComputeReleased", { operationId, reason, released: outcome.value }, context)
          : reply(event, "ComputeFailed", { operationId, ...outcome.failure }, context);
      }
      case "SuspendRequested":
        return step(event.detail.data.operation ?? "suspend", event.detail.data.operationId, () =>
          provider.suspend(instance),
        );
      case "ResumeRequested":
        return step(event.detail.data.operation ?? "resume", event.detail.data.operationId, () =>
          provider.resume(instance),
        );
      case "ScaleRequested": {
        const { operationId, desiredCount, size } = event.detail.data;
        return step("scale", operationId, () =>
          provider.scale(instance, size ? { desiredCount, size } : { desiredCount }),
        );
      }
      case "ImageUpdateRequested":
        return step("updateImage", event.detail.data.operationId, () =>
          provider.updateImage(instance, event.detail.data.wordpress),
        );
      case "RestartRequested":
        return step("restart", event.detail.data.operationId, () => provider.restart(instance));
      default:
        return null;
    }
  }

  return async function handle(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    if (event["detail-type"] === "ComputeRequested") return provision(event, delivery);
    const answered = await answer(event, delivery);
    if (answered) await publisher.publish([answered]);
  };
}
