export {
  createHttpSubscribers,
  type HttpSubscribers,
} from "./apiDestination/createHttpSubscribers.ts";
export type { HttpDelivery } from "./apiDestination/createHttpTargetHandler.ts";
export {
  type HttpSubscriber,
  parseHttpSubscribers,
  patternOf,
} from "./apiDestination/httpSubscriber.ts";
export {
  type AccountClientSettings,
  type AccountClients,
  type AccountEnvironment,
  type AccountsMap,
  AccountsMapSchema,
  AWS_SDK_MAX_ATTEMPTS,
  AWS_SDK_RETRY_SETTINGS,
  createAccountClients,
} from "./aws/createAccountClients.ts";
export { createServiceLambdaBase, type ServiceLambdaBase } from "./aws/createServiceLambdaBase.ts";
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
export {
  createSqsEventHandler,
  type HandleEvent,
  PoisonMessageError,
  type RecordContext,
  type SqsEventHandler,
  type SqsEventHandlerOptions,
} from "./consumer/createSqsEventHandler.ts";
export { createDynamoServiceJournal } from "./decider/createDynamoServiceJournal.ts";
export { createFileServiceJournal } from "./decider/createFileServiceJournal.ts";
export {
  createDeciderHandler,
  type DeciderHandlerDeps,
  RequestInFlightError,
  type RunEffect,
} from "./decider/runDecider.ts";
export type { Answer, Decision, ServiceDecider, StepFact, Verdict } from "./decider/serviceDecider.ts";
export {
  createMemoryServiceJournal,
  type InboxEntry,
  JournalConflictError,
  type JournalEntry,
  type JournalKey,
  type ServiceJournal,
  type VersionedJournal,
} from "./decider/serviceJournal.ts";
export type { BusRule } from "./eventBridgeEndpoint/describeBus.ts";
export {
  type BusDescriptor,
  busArn,
  LOCAL_BUS_NAME,
  LOCAL_EVENTS_CREDENTIALS,
} from "./eventBridgeEndpoint/localEventsCredentials.ts";
export {
  type EventBridgeEndpoint,
  startEventBridgeEndpoint,
} from "./eventBridgeEndpoint/startEventBridgeEndpoint.ts";
export { clockEnvironment } from "./local/clockEnvironment.ts";
export {
  type ArchiveBackend,
  type ArchivedEvent,
  type ArchiveQuery,
  createEventArchive,
  createMemoryEventArchive,
  type EventArchive,
  type ReplayRequest,
} from "./local/eventArchive.ts";
export { createFileEventArchive } from "./local/fileEventArchive.ts";
export { createFileQueueStore } from "./local/fileQueueStore.ts";
export {
  createLocalBus,
  type DeliveredEvent,
  type ExtraBusTarget,
  type LocalBusOptions,
  matchingSubscriptions,
  toDeliveredEvent,
} from "./local/localBus.ts";
export {
  createLocalConsumerRunner,
  failedIds,
  type LocalConsumerRunner,
  type LocalConsumerRunnerOptions,
  type LocalSqsHandler,
} from "./local/localConsumerRunner.ts";
export {
  createLocalQueue,
  type DeadLetterNotice,
  type LocalQueue,
  type LocalQueueOptions,
  type QueueCounts,
  type ReceivedMessage,
} from "./local/localQueue.ts";
export { createLocalSecrets, type LocalSecrets } from "./local/localSecrets.ts";
export {
  createLocalTargetGroups,
  type LocalTargetGroup,
  type LocalTargetGroups,
} from "./local/localTargetGroups.ts";
export { createMemoryQueueStore, type QueueStore, type StoredMessage } from "./local/queueStore.ts";
export { createLambdaContext, toSqsEvent } from "./local/sqsEvent.ts";
export { createJsonLogger, type Logger, type LogLevel, silentLogger } from "./logger.ts";
export {
  type EventPattern,
  InvalidEventPatternError,
  matchEventPattern,
  validateEventPattern,
} from "./matchEventPattern.ts";
export {
  createEventBridgePublisher,
  type EventBridgePublisherOptions,
} from "./publisher/createEventBridgePublisher.ts";
export { type EventPublisher, type FailedEntry, PublishError } from "./publisher/eventPublisher.ts";
export { createDynamoResourceRecords, RESOURCE_TABLE } from "./resources/createDynamoResourceRecords.ts";
export { createFileResourceRecords } from "./resources/createFileResourceRecords.ts";
export {
  createMemoryResourceRecords,
  type ResourceRecord,
  type ResourceRecords,
  type ResourceState,
} from "./resources/resourceRecords.ts";
export { answerStep } from "./service/answerStep.ts";
export { createRateLimiter, type RateLimiter } from "./service/createRateLimiter.ts";
export type { DeliveryContext } from "./service/deliveryContext.ts";
export { isRetryableAwsError } from "./service/isRetryableAwsError.ts";
export { isSecretPendingDeletion } from "./service/isSecretPendingDeletion.ts";
export { type ReplyContext, reply } from "./service/reply.ts";
export { type BackoffOptions, retryWithBackoff } from "./service/retryWithBackoff.ts";
export { runStep, type StepOutcome, type StepPolicy } from "./service/runStep.ts";
export { describeFailure, type FailureDetails } from "./service/serviceError.ts";
