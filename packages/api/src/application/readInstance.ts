import { ApiError } from "../domain/errors.ts";
import {
  availableOperations,
  instanceLinks,
  instancePath,
  instancesPath,
  operationLinks,
  subResourceLinks,
} from "../domain/links.ts";
import { PAGE_SIZE_DEFAULT } from "../domain/requestSchemas.ts";
import type { InstanceSummary, InstanceView } from "../domain/viewSchemas.ts";
import type { InstanceListQuery } from "../ports.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";
import { objectWithArray } from "./serialisedJson.ts";

/** The instance, or a 404; under a tenant, another tenant's instance is a 404 too. */
export async function requireInstance(
  deps: Pick<UseCaseDeps, "queries">,
  instanceId: string,
  tenantScope?: string,
): Promise<InstanceView> {
  const view = await deps.queries.get(instanceId);
  if (!view || (tenantScope !== undefined && view.tenantId !== tenantScope)) {
    const owner = tenantScope === undefined ? "" : ` for tenant ${tenantScope}`;
    throw new ApiError("API.INSTANCE_NOT_FOUND", `there is no instance ${instanceId}${owner}`, {
      extras: { instanceId },
    });
  }
  return view;
}

export function instanceResource(view: InstanceView, tenantScope?: string) {
  return { ...view, _links: instanceLinks(view, tenantScope) };
}

/** A list's item: the columns of a table of instances and the link to the whole instance. */
export function instanceSummary(view: InstanceView, tenantScope?: string): InstanceSummary {
  const drift = view.healthState?.drift;
  return {
    instanceId: view.instanceId,
    tenantId: view.tenantId,
    environment: view.environment,
    state: view.state,
    ...(view.healthStatus ? { healthStatus: view.healthStatus } : {}),
    ...(drift?.length ? { drift: [...drift] } : {}),
    operation: { kind: view.operation.kind, status: view.operation.status },
    createdAt: view.createdAt,
    _links: { self: { href: instancePath(view.instanceId, tenantScope), method: "GET" } },
  };
}

export async function getInstance(
  deps: UseCaseDeps,
  instanceId: string,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  return { status: 200, body: deps.viewJson.serialisedOf(instanceResource, view, tenantScope) };
}

export async function listInstances(
  deps: UseCaseDeps,
  query: Omit<InstanceListQuery, "limit"> & { pageSize?: number },
  tenantScope?: string,
): Promise<ApiResult> {
  const { pageSize = PAGE_SIZE_DEFAULT, ...filters } = query;
  const self = `${instancesPath(tenantScope)}${queryString({ ...filters, pageSize })}`;
  // The page's own address spells everything it depends on but the store's state (scope,
  // filters, page size, cursor); the store's write count stands for that state.
  const body = await deps.listPages.pageOf(self, deps.queries.writeCount, async () => {
    const page = await deps.queries.list({
      ...filters,
      ...(tenantScope !== undefined ? { tenantId: tenantScope } : {}),
      limit: pageSize,
    });
    const next = page.nextStartAt
      ? `${instancesPath(tenantScope)}${queryString({ ...filters, pageSize, startAt: page.nextStartAt })}`
      : undefined;
    // Each item's JSON is cached with its (unchanged) view; the page around them is this page's.
    const items = deps.viewJson.arrayJsonOf(instanceSummary, page.items, tenantScope);
    return objectWithArray("items", items, {
      pageSize,
      moreAvailable: page.nextStartAt !== undefined,
      ...(page.nextStartAt ? { nextStartAt: page.nextStartAt } : {}),
      _links: {
        self: { href: self, method: "GET" },
        ...(next ? { next: { href: next, method: "GET" } } : {}),
        provision: { href: instancesPath(tenantScope), method: "POST" },
      },
    });
  });
  return { status: 200, body };
}

function queryString(values: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export async function getStatus(
  deps: UseCaseDeps,
  instanceId: string,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  const { tenantId, environment, state, operation } = view;
  return {
    status: 200,
    body: {
      instanceId,
      tenantId,
      environment,
      state,
      operation,
      allowedOperations: availableOperations(state, operation.status),
      _links: { ...instanceLinks(view, tenantScope), ...subResourceLinks(instanceId, "status", tenantScope) },
    },
  };
}

export async function getEvents(
  deps: UseCaseDeps,
  instanceId: string,
  tenantScope?: string,
): Promise<ApiResult> {
  await requireInstance(deps, instanceId, tenantScope);
  const items = await deps.queries.events(instanceId);
  return {
    status: 200,
    body: { instanceId, items, _links: subResourceLinks(instanceId, "events", tenantScope) },
  };
}

/** The backups the ledger recorded (BackupCompleted), oldest first. */
export async function listBackups(
  deps: UseCaseDeps,
  instanceId: string,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  return {
    status: 200,
    body: { instanceId, items: view.backups, _links: subResourceLinks(instanceId, "backups", tenantScope) },
  };
}

export async function getOperation(deps: UseCaseDeps, operationId: string): Promise<ApiResult> {
  const operation = await deps.queries.getOperation(operationId);
  if (!operation) throw new ApiError("API.OPERATION_NOT_FOUND", `there is no operation ${operationId}`);
  return { status: 200, body: { ...operation, _links: operationLinks(operation) } };
}
