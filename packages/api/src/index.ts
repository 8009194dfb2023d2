export { createCloudWatchInstanceLogs } from "./adapters/aws/createCloudWatchInstanceLogs.ts";
export { createCloudWatchInstanceMetrics } from "./adapters/aws/createCloudWatchInstanceMetrics.ts";
export { createCognitoTokenVerifier } from "./adapters/aws/createCognitoTokenVerifier.ts";
export { createDynamoIdempotencyStore } from "./adapters/aws/createDynamoIdempotencyStore.ts";
export {
  createEventBridgeReplays,
  type EventBridgeReplaysOptions,
  type LoggedEventSource,
} from "./adapters/aws/createEventBridgeReplays.ts";
export {
  createLambdaOrphanOperations,
  type LambdaOrphanOperationsOptions,
} from "./adapters/aws/createLambdaOrphanOperations.ts";
export {
  createSqsDeadLetters,
  type DeadLetterQueueConfig,
  type SqsDeadLettersOptions,
} from "./adapters/aws/createSqsDeadLetters.ts";
export { createIdempotencyTable, IDEMPOTENCY_TABLE } from "./adapters/aws/idempotencyTable.ts";
export { createLedgerHealthChecks } from "./adapters/ledger/createLedgerHealthChecks.ts";
export {
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
  toInstanceView,
} from "./adapters/ledger/createLedgerInstanceQueries.ts";
export { createFileInstanceLogs } from "./adapters/local/createFileInstanceLogs.ts";
export {
  type LambdaHttpHandler,
  type LocalApiServer,
  type LocalApiServerOptions,
  type StaticAnswer,
  startLocalApiServer,
} from "./adapters/local/createLocalApiServer.ts";
export {
  createLocalIssuer,
  LOCAL_ISSUER,
  type LocalIssuer,
  type LocalJwks,
  type MintRequest,
} from "./adapters/local/createLocalIssuer.ts";
export { createLocalTokenVerifier } from "./adapters/local/createLocalTokenVerifier.ts";
export { toApiGatewayEvent } from "./adapters/local/toApiGatewayEvent.ts";
export { createMemoryIdempotencyStore } from "./adapters/memory/createMemoryIdempotencyStore.ts";
export type { ProvisionDefaults } from "./application/apiResult.ts";
export { type Caller, OPERATOR_GROUP, VIEWER_GROUP } from "./domain/authorize.ts";
export { describeDeadLetterBody } from "./domain/deadLetterMessage.ts";
export { ApiError, type FieldError } from "./domain/errors.ts";
export { buildOpenApi } from "./domain/openApi.ts";
export { PROBLEMS, type ProblemCode } from "./domain/problemTable.ts";
export { ROUTES, type RouteSpec } from "./domain/routeSpecs.ts";
export {
  DeadLetterListSchema,
  type DeadLetterMessage,
  type DeadLetterQueueView,
  type InstanceView,
  InstanceViewSchema,
  OperationResourceSchema,
  ProblemSchema,
  RedriveResultSchema,
  type RedriveView,
  type ReplayView,
  ReplayViewSchema,
  TenantMetricsResourceSchema,
} from "./domain/viewSchemas.ts";
export type { AuthConfig } from "./handlers/authenticate.ts";
export { type ApiDeps, type ApiHandler, createApiHandler } from "./handlers/createApiHandler.ts";
export { createLocalApiHandler, type LocalApiDeps } from "./handlers/createLocalApiHandler.ts";
export type {
  ClaimResult,
  DeadLetters,
  EventReplayRequest,
  EventReplays,
  IdempotencyStore,
  InstanceAddress,
  InstanceCommands,
  InstanceHealthChecks,
  InstanceListQuery,
  InstanceLogs,
  InstanceMetrics,
  InstancePage,
  InstanceQueries,
  LogsRequest,
  MetricsRequest,
  OrphanOperations,
  TokenVerifier,
} from "./ports.ts";
