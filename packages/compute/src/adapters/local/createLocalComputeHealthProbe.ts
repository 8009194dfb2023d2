import type { HealthProbe } from "@bbws/contracts";
import { lastLogLines } from "./lastLogLines.ts";
import {
  checkedTenantId,
  createLocalComputeContext,
  type LocalComputeOptions,
} from "./localComputeContext.ts";
import { createTenantProcesses } from "./tenantProcesses.ts";

/**
 * The live check's `process` part locally, as ECS's running vs desired count: the tenant's
 * php -S process group serves its config. A dead one is `fail`, with the last line of its log
 * (why php stopped, or could not start). Read-only: restarting is the supervisor's job.
 */
export function createLocalComputeHealthProbe(options: LocalComputeOptions): HealthProbe {
  const context = createLocalComputeContext(options);
  const processes = createTenantProcesses(context);
  return {
    part: "process",
    async check(target) {
      const tenantId = checkedTenantId(target.tenantId);
      const entry = context.registry.get(tenantId);
      if (entry?.instanceId !== target.instanceId)
        return { outcome: "fail", detail: `compute has no registry entry for instance ${target.instanceId}` };
      if (entry.state === "stopped")
        return { outcome: "fail", detail: "compute holds the php server stopped" };
      const groups = processes.groupsOf(tenantId);
      if (groups.length > 0)
        return {
          outcome: "pass",
          detail: `php process group ${groups.join(", ")} serves port ${entry.port}`,
        };
      const [last] = lastLogLines(context.paths.logFile(tenantId), 1);
      return { outcome: "fail", detail: `no php process is running${last ? `; its log ends: ${last}` : ""}` };
    },
  };
}
