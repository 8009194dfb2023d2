export {
  AWS_SDK_MAX_ATTEMPTS,
  type AwsSdkRetrySettings,
  awsSdkRetrySettings,
  createQuotaAwareRetryStrategy,
  DYNAMODB_RETRY_SETTINGS,
  isResourceQuotaError,
} from "./aws/awsSdkRetrySettings.ts";
export {
  type AccountClientSettings,
  type AccountClients,
  type AccountEnvironment,
  type AccountsMap,
  AccountsMapSchema,
  createAccountClients,
} from "./aws/createAccountClients.ts";
export { createServiceLambdaBase, type ServiceLambdaBase } from "./aws/createServiceLambdaBase.ts";
export { createSqsRecordVisibility, queueUrlOf } from "./aws/createSqsRecordVisibility.ts";
export {
  jsonEnv,
  loadLambdaConfig,
  type ServiceLambdaConfig,
  ServiceLambdaConfigSchema,
} from "./aws/lambdaConfig.ts";
export {
  arnResourceType,
  listTaggedResources,
  MANAGED_BY_TAG,
  ownedResourcesOf,
  secretNameOf,
  type TaggedOwner,
  type TaggedResource,
  type TaggingClient,
  taggedOwner,
} from "./aws/listTaggedResources.ts";
export { createSqsBodyHandler } from "./consumer/createSqsBodyHandler.ts";
export {
  createSqsEventHandler,
  type HandleEvent,
  PoisonMessageError,
  type RecordContext,
  type SqsEventHandler,
  type SqsEventHandlerOptions,
} from "./consumer/createSqsEventHandler.ts";
export { MAX_VISIBILITY_SECONDS, type RecordVisibility, retryAfterSecondsOf } from "./consumer/retryAfter.ts";
export { createDynamoServiceJournal } from "./decider/createDynamoServiceJournal.ts";
export {
  createDeciderHandler,
  type DeciderHandlerDeps,
  RequestInFlightError,
  type RunEffect,
  type ServiceHandlerDeps,
} from "./decider/runDecider.ts";
export type { Answer, PendingFact, ServiceDecider, StepFact, Verdict } from "./decider/serviceDecider.ts";
export {
  createMemoryServiceJournal,
  emptyJournal,
  type InboxEntry,
  JournalConflictError,
  type JournalEntry,
  type JournalKey,
  journalRecordKey,
  type ServiceJournal,
  type VersionedJournal,
} from "./decider/serviceJournal.ts";
export { createDriftProbe, type ExpectedResources } from "./health/createDriftProbe.ts";
export { createResourceDriftProbe } from "./health/createResourceDriftProbe.ts";
export { type HealthProbeRun, runHealthProbes } from "./health/runHealthProbes.ts";
export { createJsonLogger, type Logger, type LogLevel, silentLogger } from "./logger.ts";
export {
  createEventBridgePublisher,
  type EventBridgePublisherOptions,
} from "./publisher/createEventBridgePublisher.ts";
export { entrySize, MAX_ENTRY_BYTES } from "./publisher/entrySize.ts";
export { type EventPublisher, type FailedEntry, PublishError } from "./publisher/eventPublisher.ts";
export { createDynamoResourceRecords, RESOURCE_TABLE } from "./resources/createDynamoResourceRecords.ts";
export {
  createMemoryResourceRecords,
  type ResourceRecord,
  type ResourceRecords,
  type ResourceState,
} from "./resources/resourceRecords.ts";
export { createRateLimiter, type RateLimiter } from "./service/createRateLimiter.ts";
export type { DeliveryContext } from "./service/deliveryContext.ts";
export { isRetryableAwsError } from "./service/isRetryableAwsError.ts";
export { isSecretPendingDeletion } from "./service/isSecretPendingDeletion.ts";
export { type ReplyContext, reply } from "./service/reply.ts";
export { RETRY_RECEIVES, runStep, type StepOutcome, type StepPolicy } from "./service/runStep.ts";
export { describeFailure, type FailureDetails } from "./service/serviceError.ts";
