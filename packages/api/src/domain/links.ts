import {
  allowedOperations,
  type InstanceState,
  type OperationKind,
  type OperationStatus,
} from "@bbws/contracts";
import type { Links } from "./viewSchemas.ts";

export const API_PREFIX = "/v1.0";

/** Where an action lives under an instance's URL; provisioning has no link (the instance exists). */
const ACTION_LINKS: Readonly<
  Record<Exclude<OperationKind, "provision">, { rel: string; suffix: string; method: "POST" | "DELETE" }>
> = {
  suspend: { rel: "suspend", suffix: "/suspend", method: "POST" },
  resume: { rel: "resume", suffix: "/resume", method: "POST" },
  scale: { rel: "scale", suffix: "/scale", method: "POST" },
  updateImage: { rel: "update", suffix: "/update", method: "POST" },
  restart: { rel: "restart", suffix: "/restart", method: "POST" },
  backup: { rel: "backup", suffix: "/backup", method: "POST" },
  restore: { rel: "restore", suffix: "/restore", method: "POST" },
  rotateCredentials: { rel: "rotate-credentials", suffix: "/rotate-credentials", method: "POST" },
  deprovision: { rel: "deprovision", suffix: "", method: "DELETE" },
};

const READ_LINKS = ["status", "health", "logs", "events", "backups", "metrics"] as const;

/** The instance's URL; under the tenant routes when the caller came through them. */
export function instancePath(instanceId: string, tenantScope?: string): string {
  return tenantScope
    ? `${API_PREFIX}/tenants/${tenantScope}/instances/${instanceId}`
    : `${API_PREFIX}/instances/${instanceId}`;
}

export function instancesPath(tenantScope?: string): string {
  return tenantScope ? `${API_PREFIX}/tenants/${tenantScope}/instances` : `${API_PREFIX}/instances`;
}

export function operationPath(operationId: string): string {
  return `${API_PREFIX}/operations/${operationId}`;
}

/** PENDING, IN_PROGRESS and STUCK operations are open: the ledger refuses another until they end. */
export function isOpen(status: OperationStatus): boolean {
  return status === "PENDING" || status === "IN_PROGRESS" || status === "STUCK";
}

/** The operations an operator may start now: none while one is open. */
export function availableOperations(state: InstanceState, status: OperationStatus): OperationKind[] {
  return isOpen(status) ? [] : allowedOperations(state);
}

export function instanceLinks(
  instance: {
    instanceId: string;
    state: InstanceState;
    operation: { operationId: string; status: OperationStatus };
  },
  tenantScope?: string,
): Links {
  const self = instancePath(instance.instanceId, tenantScope);
  const links: Links = {
    self: { href: self, method: "GET" },
    operation: { href: operationPath(instance.operation.operationId), method: "GET" },
  };
  for (const rel of READ_LINKS) links[rel] = { href: `${self}/${rel}`, method: "GET" };
  for (const kind of availableOperations(instance.state, instance.operation.status)) {
    if (kind === "provision") continue;
    const action = ACTION_LINKS[kind];
    links[action.rel] = { href: `${self}${action.suffix}`, method: action.method };
  }
  return links;
}

/** Links of a sub-resource of an instance (status, health, logs, ...): itself and its instance. */
export function subResourceLinks(instanceId: string, rel: string, tenantScope?: string): Links {
  const instance = instancePath(instanceId, tenantScope);
  return { self: { href: `${instance}/${rel}`, method: "GET" }, instance: { href: instance, method: "GET" } };
}

export function operationLinks(operation: { operationId: string; instanceId: string }, tenantScope?: string) {
  return {
    self: { href: operationPath(operation.operationId), method: "GET" },
    instance: { href: instancePath(operation.instanceId, tenantScope), method: "GET" },
  } satisfies Links;
}
