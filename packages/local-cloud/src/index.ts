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
  type ArchiveBackend,
  type ArchivedEvent,
  type ArchiveQuery,
  createEventArchive,
  createMemoryEventArchive,
  type EventArchive,
  type ReplayRequest,
} from "./bus/eventArchive.ts";
export { createFileEventArchive } from "./bus/fileEventArchive.ts";
export {
  createLocalBus,
  type DeliveredEvent,
  type ExtraBusTarget,
  type LocalBusOptions,
  matchingSubscriptions,
  toDeliveredEvent,
} from "./bus/localBus.ts";
export { clockEnvironment } from "./clockEnvironment.ts";
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
export {
  type EventPattern,
  InvalidEventPatternError,
  matchEventPattern,
  validateEventPattern,
} from "./matchEventPattern.ts";
export { createFileQueueStore } from "./queues/fileQueueStore.ts";
export {
  createLocalConsumerRunner,
  DEFAULT_CONSUMER_CONCURRENCY,
  failedIds,
  instanceLaneOf,
  type LocalConsumerRunner,
  type LocalConsumerRunnerOptions,
  type LocalSqsHandler,
} from "./queues/localConsumerRunner.ts";
export {
  createLocalQueue,
  type DeadLetterNotice,
  type LocalQueue,
  type LocalQueueOptions,
  type QueueCounts,
  type ReceivedMessage,
} from "./queues/localQueue.ts";
export {
  createLocalRecordVisibility,
  type LocalRecordVisibility,
} from "./queues/localRecordVisibility.ts";
export { createMemoryQueueStore, type QueueStore, type StoredMessage } from "./queues/queueStore.ts";
export { createLambdaContext, toSqsEvent } from "./queues/sqsEvent.ts";
export { createFileResourceRecords } from "./stores/createFileResourceRecords.ts";
export { createFileServiceJournal, releaseAbandonedClaims } from "./stores/createFileServiceJournal.ts";
export { createLocalSecrets, type LocalSecrets } from "./stores/localSecrets.ts";
export {
  createLocalTargetGroups,
  type LocalTargetGroup,
  type LocalTargetGroups,
} from "./stores/localTargetGroups.ts";
