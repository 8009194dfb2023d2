import type { InstanceRef } from "@bbws/contracts";
import type { ComputeProvider } from "../../ports.ts";
import { guarded } from "./awsErrors.ts";
import { checkEcsHealth } from "./checkEcsHealth.ts";
import type { EcsComputeDeps } from "./ecsComputeConfig.ts";
import {
  awaitEcsRollout,
  deployEcsRevision,
  restartEcsService,
  setEcsDesiredCount,
} from "./ecsDeploySteps.ts";
import { createEcsService, prepareEcsLogs, registerEcsRevision } from "./ecsProvisionSteps.ts";
import { createEcsRuntime } from "./ecsRuntime.ts";
import { awaitEcsInstall, startEcsInstall } from "./installTask.ts";
import { readEcsLogs } from "./readEcsLogs.ts";
import { deleteEcsRevisions, deleteEcsService, findEcsCompute } from "./releaseEcsCompute.ts";
import { whenRoleVisible } from "./roleReadiness.ts";
import { createEcsTaskRole, deleteEcsTaskRole } from "./taskRoleSteps.ts";

/**
 * The tenant's WordPress on ECS Fargate, one AWS step a method: task definition family and
 * service `wp-{tenantId}-{env}` behind the tenant's target group, content on EFS through the
 * tenant's access point, logs in `/bbws/wp/{tenantId}`. It keeps no state of its own: what
 * exists is found by name and tag, what was decided is in compute's journal. Whatever fails
 * leaves as a ComputeError with a COMPUTE.* code.
 */
export function createEcsComputeProvider(deps: EcsComputeDeps): ComputeProvider {
  const rt = createEcsRuntime(deps);
  // The calls that hand ECS the tenant's role, which IAM may not have propagated yet.
  const withRole = <T>(action: string, instance: InstanceRef, call: () => Promise<T>) =>
    guarded(action, () => whenRoleVisible(rt, instance, call));
  return {
    createTaskRole: (instance, request) =>
      guarded("createTaskRole", () => createEcsTaskRole(rt, instance, request)),
    prepareLogs: (instance) => guarded("prepareLogs", () => prepareEcsLogs(rt, instance)),
    registerRevision: (instance, request) =>
      withRole("registerRevision", instance, () => registerEcsRevision(rt, instance, request)),
    startInstall: (instance, input) =>
      withRole("startInstall", instance, () => startEcsInstall(rt, instance, input)),
    awaitInstall: (instance, input) =>
      guarded("awaitInstall", () => awaitEcsInstall(rt, instance, input.taskRef)),
    createService: (instance, input) => guarded("createService", () => createEcsService(rt, instance, input)),
    deployRevision: (instance, input) =>
      guarded("deployRevision", () => deployEcsRevision(rt, instance, input)),
    awaitRollout: (instance, input) => guarded("awaitRollout", () => awaitEcsRollout(rt, instance, input)),
    setDesiredCount: (instance, input) =>
      guarded("setDesiredCount", () => setEcsDesiredCount(rt, instance, input)),
    restartService: (instance, input) =>
      guarded("restartService", () => restartEcsService(rt, instance, input)),
    checkHealth: (instance, input) => guarded("checkHealth", () => checkEcsHealth(rt, instance, input)),
    findCompute: (instance) => guarded("findCompute", () => findEcsCompute(rt, instance)),
    deleteService: (instance) => guarded("deleteService", () => deleteEcsService(rt, instance)),
    deleteRevisions: (instance) => guarded("deleteRevisions", () => deleteEcsRevisions(rt, instance)),
    deleteTaskRole: (instance) => guarded("deleteTaskRole", () => deleteEcsTaskRole(rt, instance)),
    readLogs: (instance, query) => guarded("readLogs", () => readEcsLogs(rt, instance, query)),
  };
}
