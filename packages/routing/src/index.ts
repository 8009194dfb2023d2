export { ALB_POOL_ITEM } from "./adapters/aws/albPoolItem.ts";
export type { DnsOptions } from "./adapters/aws/aliasRecords.ts";
export {
  type AwsRoutingInventoryOptions,
  createAwsRoutingInventory,
} from "./adapters/aws/createAwsRoutingInventory.ts";
export {
  createDynamoRuleSlots,
  type DynamoRuleSlotsOptions,
} from "./adapters/aws/createDynamoRuleSlots.ts";
export { createElbRoutingDriftCheck } from "./adapters/aws/createElbRoutingDriftCheck.ts";
export {
  createElbRoutingProvider,
  type ElbRoutingProviderOptions,
} from "./adapters/aws/createElbRoutingProvider.ts";
export { createElbTargetHealthProbe } from "./adapters/aws/createElbTargetHealthProbe.ts";
export {
  ALB_RULES_PER_LOAD_BALANCER,
  type AlbPoolEntry,
  albPoolProblems,
  type ListenerUsage,
  MAX_RULE_PRIORITY,
  type RuleSlot,
  type RuleSlotOwner,
  type RuleSlots,
} from "./adapters/aws/ruleSlots.ts";
export { createRuleSlotTable, RULE_SLOT_TABLE } from "./adapters/aws/ruleSlotTable.ts";
export { createHttpSiteHealthProbe } from "./adapters/createHttpSiteHealthProbe.ts";
export { createLocalRouteHealthProbe } from "./adapters/local/createLocalRouteHealthProbe.ts";
export { createLocalRoutingInventory } from "./adapters/local/createLocalRoutingInventory.ts";
export {
  createLocalRoutingProvider,
  type LocalRoutingProviderOptions,
} from "./adapters/local/createLocalRoutingProvider.ts";
export {
  createReverseProxy,
  type ProxyCounters,
  type ReverseProxy,
  type ReverseProxyOptions,
  type RunningProxy,
  type TargetGroupCounters,
} from "./adapters/local/createReverseProxy.ts";
export { createRoutingService, type RoutingServiceDeps } from "./application/createRoutingService.ts";
export { ROUTING_CODES, RoutingError, type RoutingErrorCode } from "./domain/errors.ts";
export { DEFAULT_HEALTH_CHECK, type HealthCheckSettings, healthCheckSettings } from "./domain/healthCheck.ts";
export { MAINTENANCE_PAGE } from "./domain/maintenancePage.ts";
export {
  type PriorityRange,
  type PriorityRangeSettings,
  resolvePriorityRange,
} from "./domain/priorityRange.ts";
export { routingDecider } from "./domain/routingDecider.ts";
export type { RouteAddress, RoutingEffect, RoutingState } from "./domain/routingState.ts";
export { createPooledRuleSlots } from "./handlers/createPooledRuleSlots.ts";
export { createRoutingSqsHandler } from "./handlers/createRoutingSqsHandler.ts";
export { AlbPoolSchema, HostedZoneEnvSchema } from "./handlers/routingConfig.ts";
export type { RoutingProvider } from "./ports.ts";
export { createRoutingDriver, type RoutingDriver } from "./testing/routingDriver.ts";
