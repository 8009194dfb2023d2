export {
  type AwsComputeInventoryOptions,
  createAwsComputeInventory,
} from "./adapters/aws/createAwsComputeInventory.ts";
export { createEcsComputeProvider } from "./adapters/aws/createEcsComputeProvider.ts";
export { createEcsServiceDriftCheck } from "./adapters/aws/createEcsServiceDriftCheck.ts";
export {
  createEcsServiceHealthProbe,
  type EcsServiceHealthProbeDeps,
} from "./adapters/aws/createEcsServiceHealthProbe.ts";
export { createEcsServiceTaskCounts } from "./adapters/aws/createEcsServiceTaskCounts.ts";
export {
  createTenantServiceDescriber,
  type TenantServiceDescriber,
} from "./adapters/aws/createTenantServiceDescriber.ts";
export {
  createFargateLaunchLimiter,
  type EcsComputeConfig,
  type EcsComputeDeps,
  FARGATE_LAUNCH_RATE,
  type HttpGet,
} from "./adapters/aws/ecsComputeConfig.ts";
export { buildTaskDefinitionInput } from "./adapters/aws/taskDefinitionInput.ts";
export {
  accessPointArnOf,
  fileSystemArnOf,
  type IamPolicyDocument,
  TASK_ROLE_POLICY_NAME,
  type TaskRoleScope,
  taskRoleArnOf,
  taskRoleBoundaryArnOf,
  taskRoleTrustPolicy,
  tenantTaskRolePolicy,
} from "./adapters/aws/tenantTaskRolePolicy.ts";
export { createLocalComputeHealthProbe } from "./adapters/local/createLocalComputeHealthProbe.ts";
export { createLocalComputeInventory } from "./adapters/local/createLocalComputeInventory.ts";
export {
  createLocalComputeProvider,
  LOCAL_HEALTH_PATH,
  type LocalComputeProvider,
  type LocalComputeUsage,
} from "./adapters/local/createLocalComputeProvider.ts";
export type { LocalSupervisor, LocalSupervisorDeps } from "./adapters/local/createLocalSupervisor.ts";
export { killLocalTenantGroups } from "./adapters/local/killLocalTenantGroups.ts";
export type { LocalComputeOptions } from "./adapters/local/localComputeContext.ts";
export type { PortRange } from "./adapters/local/portAllocator.ts";
export type { RecoveryReport } from "./adapters/local/tenantLifecycle.ts";
export { untraversableAncestor } from "./adapters/local/untraversableAncestor.ts";
export { type ComputeServiceDeps, createComputeService } from "./application/createComputeService.ts";
export { type CrashLoopPolicy, DEFAULT_CRASH_LOOP_POLICY } from "./domain/crashLoop.ts";
export { ComputeError, HealthPendingError } from "./domain/errors.ts";
export { createComputeSqsHandler } from "./handlers/createComputeSqsHandler.ts";
export type {
  ComputeProvider,
  ComputeRequest,
  LogEvent,
  LogPage,
  LogQuery,
  WordPressImage,
} from "./ports.ts";
