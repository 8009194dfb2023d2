import type { ComputeProvider } from "@bbws/compute";
import { type InstanceRef, resourceNames, type Service, type Size } from "@bbws/contracts";

/** The fault plan's names for compute's calls (a subset of the cloud's FaultAction). */
type FaultAction = "ensure" | "release" | "suspend" | "resume" | "scale" | "updateImage" | "restart";

export interface RunningCompute {
  /** Tasks asked for: 0 while suspended. */
  readonly desiredCount: number;
  readonly size: Size;
  readonly image: string;
}

interface Revision {
  readonly ref: string;
  readonly size: Size;
  readonly image: string;
}

export interface InMemoryComputeDeps {
  /** Runs a call under the cloud's fault plan. */
  call<T>(service: Service, action: FaultAction, instance: InstanceRef, effect: () => T): T;
  create(service: Service, name: string, instanceId: string): void;
  release(service: Service, name: string): string[];
  /** Each instance's service as a real one would hold it. */
  readonly running: Map<string, RunningCompute>;
}

/**
 * Compute's steps in memory. The service stands for all of compute's resources; the fault plan
 * hits the steps that change it, named by the operation a test means: the service's creation is
 * "ensure", its deletion "release", a count of 0 "suspend", a count from 0 "resume", a deployment
 * of a revision with another image than the one registered before it "updateImage", any other
 * deployment or count "scale", a forced new deployment "restart".
 */
export function createInMemoryCompute(deps: InMemoryComputeDeps): ComputeProvider {
  const { call, running } = deps;
  const revisions = new Map<string, Revision[]>();
  const names = (instance: InstanceRef) => resourceNames(instance.tenantId, instance.environment);
  const revisionsOf = (instance: InstanceRef) => revisions.get(instance.instanceId) ?? [];
  const runningOf = (instance: InstanceRef): RunningCompute =>
    running.get(instance.instanceId) ?? { desiredCount: 1, size: "small", image: "unknown" };

  function revision(instance: InstanceRef, ref: string): Revision {
    const found = revisionsOf(instance).find((candidate) => candidate.ref === ref);
    if (!found) throw new Error(`no revision ${ref} for ${instance.instanceId}`);
    return found;
  }

  function deployAction(instance: InstanceRef, ref: string): FaultAction {
    const list = revisionsOf(instance);
    const index = list.findIndex((candidate) => candidate.ref === ref);
    const before = list[index - 1];
    return before && before.image !== list[index]?.image ? "updateImage" : "scale";
  }

  function countAction(instance: InstanceRef, desiredCount: number): FaultAction {
    if (desiredCount === 0) return "suspend";
    return runningOf(instance).desiredCount === 0 ? "resume" : "scale";
  }

  return {
    // No IAM in memory: the role is the local adapter's no-op.
    createTaskRole: async (instance) => `local-uid:${names(instance).taskRole}`,
    deleteTaskRole: async () => [],
    prepareLogs: async () => undefined,
    async registerRevision(instance, request) {
      const list = revisionsOf(instance);
      const ref = `${names(instance).taskDefinitionFamily}:${list.length + 1}`;
      const { size, wordpress } = request.spec;
      revisions.set(instance.instanceId, [...list, { ref, size, image: wordpress.image }]);
      return ref;
    },
    startInstall: async (_instance, { attempt }) => `install-${attempt}`,
    awaitInstall: async () => "installed",
    async createService(instance, { revisionRef, desiredCount }) {
      return call("compute", "ensure", instance, () => {
        deps.create("compute", names(instance).ecsService, instance.instanceId);
        const { size, image } = revision(instance, revisionRef);
        if (!running.has(instance.instanceId))
          running.set(instance.instanceId, { desiredCount, size, image });
        return names(instance).ecsService;
      });
    },
    async deployRevision(instance, { revisionRef, desiredCount }) {
      call("compute", deployAction(instance, revisionRef), instance, () => {
        const { size, image } = revision(instance, revisionRef);
        running.set(instance.instanceId, { desiredCount, size, image });
      });
    },
    awaitRollout: async () => undefined,
    async setDesiredCount(instance, { desiredCount }) {
      call("compute", countAction(instance, desiredCount), instance, () =>
        running.set(instance.instanceId, { ...runningOf(instance), desiredCount }),
      );
    },
    async restartService(instance) {
      call("compute", "restart", instance, () => undefined);
    },
    checkHealth: async (instance) => ({ url: `http://${instance.tenantId}.localhost/`, httpStatus: 200 }),
    findCompute: async () => ({ owned: true }),
    async deleteService(instance) {
      return call("compute", "release", instance, () => {
        running.delete(instance.instanceId);
        return deps.release("compute", names(instance).ecsService);
      });
    },
    async deleteRevisions(instance) {
      revisions.delete(instance.instanceId);
      return [];
    },
  };
}
