import { randomUUID } from "node:crypto";
import { SUBSCRIPTIONS } from "@bbws/contracts";
import {
  type BusDescriptor,
  type BusRule,
  type EventBridgeEndpoint,
  LOCAL_BUS_NAME,
  LOCAL_EVENTS_CREDENTIALS,
  patternOf,
  startEventBridgeEndpoint,
} from "@bbws/local-cloud";
import type { Logger } from "@bbws/mesh";
import type { LocalStack } from "./startLocalStack.ts";

/**
 * The EventBridge JSON protocol over the local bus: Tenant Management's unmodified SDK or CLI publishes
 * here (signed with LOCAL_EVENTS_CREDENTIALS) and the events go onto the same bus as the mesh's own.
 */
export async function startLocalEvents(input: {
  stack: LocalStack;
  port: number;
  logger: Logger;
}): Promise<EventBridgeEndpoint> {
  const { stack } = input;
  // The local bus's account and region (createLocalBus), so ARNs match the events it delivers.
  const bus: BusDescriptor = {
    name: LOCAL_BUS_NAME,
    account: "000000000000",
    region: "local",
    createdAt: Date.now(),
  };
  const rules: BusRule[] = [
    ...SUBSCRIPTIONS.map((s) => ({
      name: s.name,
      pattern: s.pattern,
      description: `to the ${s.consumer} queue`,
    })),
    ...stack.subscribers.map((s) => ({ name: s.name, pattern: patternOf(s), description: `POST ${s.url}` })),
  ];
  return startEventBridgeEndpoint({
    deps: {
      bus,
      rules: () => rules,
      secretOf: (key) =>
        key === LOCAL_EVENTS_CREDENTIALS.accessKeyId ? LOCAL_EVENTS_CREDENTIALS.secretAccessKey : undefined,
      clock: Date.now,
      newId: randomUUID,
      publish: (event) => stack.mesh.bus.publish([event]),
    },
    port: input.port,
    host: "127.0.0.1",
    logger: input.logger.child({ service: "events" }),
  });
}
