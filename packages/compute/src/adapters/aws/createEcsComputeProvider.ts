import type { ComputeProvider } from "../../ports.ts";
import { guarded } from "./awsErrors.ts";
import { checkEcsHealth } from "./checkEcsHealth.ts";
import type { EcsComputeDeps } from "./ecsComputeConfig.ts";
import { restartEcs, resumeEcs, scaleEcs, suspendEcs, updateImageEcs } from "./ecsLifecycle.ts";
import { createEcsRuntime } from "./ecsRuntime.ts";
import { ensureEcsCompute } from "./ensureEcsCompute.ts";
import { readEcsLogs } from "./readEcsLogs.ts";
import { releaseEcsCompute } from "./releaseEcsCompute.ts";

/**
 * The tenant's WordPress on ECS Fargate: task definition family and service
 * `wp-{tenantId}-{env}` behind the tenant's target group, content on EFS through the
 * tenant's access point, logs in `/bbws/wp/{tenantId}`. Every SDK call is retried on
 * throttling and 5xx; whatever still fails leaves as a ComputeError with a COMPUTE.* code.
 */
export function createEcsComputeProvider(deps: EcsComputeDeps): ComputeProvider {
  const rt = createEcsRuntime(deps);
  return {
    ensureCompute: (instance, request) =>
      guarded("ensureCompute", () => ensureEcsCompute(rt, instance, request)),
    checkHealth: (instance) => guarded("checkHealth", () => checkEcsHealth(rt, instance)),
    releaseCompute: (instance) => guarded("releaseCompute", () => releaseEcsCompute(rt, instance)),
    suspend: (instance) => guarded("suspend", () => suspendEcs(rt, instance)),
    resume: (instance, remembered) => guarded("resume", () => resumeEcs(rt, instance, remembered)),
    scale: (instance, change) => guarded("scale", () => scaleEcs(rt, instance, change)),
    updateImage: (instance, wordpress) =>
      guarded("updateImage", () => updateImageEcs(rt, instance, wordpress)),
    restart: (instance) => guarded("restart", () => restartEcs(rt, instance)),
    readLogs: (instance, query) => guarded("readLogs", () => readEcsLogs(rt, instance, query)),
  };
}
