import { join, posix } from "node:path";
import { type InstanceRef, resourceNames } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import type { ComputeProvider, ComputeRequest } from "../../ports.ts";
import { probe } from "./httpProbe.ts";
import { checkedTenantId, type LocalComputeContext } from "./localComputeContext.ts";
import type { createTenantLifecycle } from "./tenantLifecycle.ts";
import type { TenantProcesses } from "./tenantProcesses.ts";
import type { TenantEntry, TenantRegistry } from "./tenantRegistry.ts";

export const LOCAL_HEALTH_PATH = "/bbws-health";

type Steps = Omit<ComputeProvider, "readLogs">;

/** The tenant's entry, when it is this instance's: another instance's compute is never touched. */
export function instanceEntry(registry: TenantRegistry, instance: InstanceRef): TenantEntry {
  const entry = registry.get(checkedTenantId(instance.tenantId));
  if (entry?.instanceId === instance.instanceId) return entry;
  throw new ComputeError("COMPUTE.NOT_FOUND", `no local compute for instance ${instance.instanceId}`, {
    retryable: false,
  });
}

/**
 * The port's steps on one machine. The registry entry plays ECS's part (what should run: the
 * revision's settings, the count, running or stopped), so a restarted stack can re-adopt it;
 * compute's decisions are in its journal. Steps with nothing to do locally say so.
 */
export function createLocalComputeSteps(
  context: LocalComputeContext,
  processes: TenantProcesses,
  lifecycle: ReturnType<typeof createTenantLifecycle>,
): Steps {
  const { registry, lock } = context;
  const names = (instance: InstanceRef) => resourceNames(instance.tenantId, instance.environment);

  const entryOf = (instance: InstanceRef) => instanceEntry(registry, instance);

  /** One operation at a time per tenant, on this instance's entry. */
  const withEntry = <T>(instance: InstanceRef, work: (entry: TenantEntry) => Promise<T>) =>
    lock.run(checkedTenantId(instance.tenantId), async () => work(entryOf(instance)));

  return {
    // No IAM locally: the tenant's php runs as the tenant's own uid/gid (storage made them) on a
    // 0700 directory, which is what confines it. Nothing to create or delete; the ref says so.
    createTaskRole: async (instance) => `local-uid:${names(instance).taskRole}`,
    deleteTaskRole: async () => [],
    // php -S appends to <dataDir>/compute/<tenantId>/php.log, made when the group starts: nothing to prepare.
    prepareLogs: async () => undefined,
    registerRevision: (instance, request) =>
      lock.run(checkedTenantId(instance.tenantId), async () => {
        const entry = await lifecycle.register(instance, request, contentDirOf(context.efsRoot, request));
        return `${names(instance).taskDefinitionFamily}:${entry.revision}`;
      }),
    startInstall: (instance, { attempt }) =>
      withEntry(instance, async (entry) => {
        await lifecycle.install(entry);
        return `install.php:${entry.tenantId}:${attempt}`;
      }),
    // startInstall ran the install to its end: nothing is left to wait for.
    awaitInstall: async () => "installed",
    createService: (instance, { desiredCount }) =>
      withEntry(instance, async (entry) => {
        const wanted =
          entry.desiredCount === desiredCount ? entry : registry.update(entry.tenantId, { desiredCount });
        context.prepareHost();
        await processes.ensureRunning(wanted);
        return names(instance).ecsService;
      }),
    deployRevision: (instance, { desiredCount }) =>
      withEntry(instance, async (entry) => {
        await lifecycle.restartWith(entry, { desiredCount });
      }),
    // deployRevision's roll ends with the new group serving and the old one stopped: nothing is left to wait for.
    awaitRollout: (instance) => withEntry(instance, async () => undefined),
    setDesiredCount: (instance, { desiredCount }) =>
      withEntry(instance, async (entry) => {
        if (desiredCount === 0) return lifecycle.stopService(entry.tenantId, entry);
        if (entry.state === "running" && entry.desiredCount !== desiredCount) {
          await lifecycle.restartWith(entry, { desiredCount });
          return;
        }
        context.prepareHost();
        const wanted =
          entry.desiredCount === desiredCount ? entry : registry.update(entry.tenantId, { desiredCount });
        await processes.ensureRunning(wanted);
      }),
    restartService: (instance, { credentialsSecretRef }) =>
      withEntry(instance, async (entry) => {
        await lifecycle.restartOnSecret(entry, credentialsSecretRef);
      }),
    checkHealth: (instance) => checkHealth(context, processes, entryOf(instance)),
    async findCompute(instance) {
      const entry = registry.get(checkedTenantId(instance.tenantId));
      return { owned: !entry || entry.instanceId === instance.instanceId };
    },
    deleteService: (instance) =>
      lock.run(checkedTenantId(instance.tenantId), async () => {
        const entry = registry.get(instance.tenantId);
        if (entry && entry.instanceId !== instance.instanceId) return [];
        await lifecycle.stopService(instance.tenantId, entry);
        return entry ? [names(instance).ecsService] : [];
      }),
    // The local revision is the tenant's config directory and registry entry: removed, not reported.
    deleteRevisions: (instance) =>
      lock.run(checkedTenantId(instance.tenantId), async () => {
        const entry = registry.get(instance.tenantId);
        if (entry && entry.instanceId !== instance.instanceId) return [];
        lifecycle.removeFiles(instance.tenantId);
        return [];
      }),
  };
}

/** A local PHP server answers within about a second of its start: look again that soon. */
const LOCAL_HEALTH_RETRY_SECONDS = 1;
const pending = (reason: string) => new HealthPendingError(reason, LOCAL_HEALTH_RETRY_SECONDS);

async function checkHealth(context: LocalComputeContext, processes: TenantProcesses, entry: TenantEntry) {
  if (entry.state !== "running") throw pending("the instance is suspended");
  if (!processes.isAlive(entry)) throw pending("no PHP process is running");
  const url = new URL(entry.url);
  for (const path of [LOCAL_HEALTH_PATH, "/"]) {
    const answer = await probe({ port: entry.port, path, url, timeoutMs: context.probeTimeoutMs }).catch(
      (error: unknown) => {
        throw pending(`${path}: ${(error as Error).message}`);
      },
    );
    if (answer.status !== 200) throw pending(`${path} answered ${answer.status}`);
  }
  return { url: entry.url, httpStatus: 200 };
}

/** Storage's content directory for the tenant; its root must be a plain absolute path. */
function contentDirOf(efsRoot: string, request: ComputeRequest): string {
  const root = request.storage.rootDirectory;
  if (posix.normalize(root) !== root || root.split("/").includes(".."))
    throw new ComputeError("COMPUTE.INVALID_CONTENT_ROOT", `invalid rootDirectory ${root}`, {
      retryable: false,
    });
  return join(efsRoot, root);
}
