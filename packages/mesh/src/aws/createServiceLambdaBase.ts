import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { createDynamoServiceJournal } from "../decider/createDynamoServiceJournal.ts";
import type { ServiceHandlerDeps } from "../decider/runDecider.ts";
import { createJsonLogger, type Logger } from "../logger.ts";
import { createEventBridgePublisher } from "../publisher/createEventBridgePublisher.ts";
import { createDynamoResourceRecords } from "../resources/createDynamoResourceRecords.ts";
import type { ResourceRecords } from "../resources/resourceRecords.ts";
import { awsSdkRetrySettings, DYNAMODB_RETRY_SETTINGS } from "./awsSdkRetrySettings.ts";
import { type AccountClients, type AccountsMap, createAccountClients } from "./createAccountClients.ts";
import { createSqsRecordVisibility } from "./createSqsRecordVisibility.ts";

/** What a service Lambda's composition root shares with the others. */
export interface ServiceLambdaBase {
  readonly logger: Logger;
  /** Clients in an environment's account (STS AssumeRole, session `bbws-<name>`). */
  readonly accounts: AccountClients;
  /** The deployment's own DynamoDB client and its resource records table. */
  readonly dynamo: DynamoDBClient;
  readonly records: ResourceRecords;
  /** Spread into the service's SQS handler deps, next to its provider. */
  readonly handlerDeps: ServiceHandlerDeps;
}

/**
 * Logger, accounts, publisher and records of a service Lambda; the SDK clients are the Lambda
 * role's, with the same retry budget as the accounts' clients.
 */
export function createServiceLambdaBase(
  name: string,
  config: {
    readonly BBWS_ACCOUNTS: AccountsMap;
    readonly BBWS_BUS_NAME: string;
    readonly BBWS_RECORDS_TABLE: string;
    readonly BBWS_MAX_RECEIVE_COUNT: number;
    readonly BBWS_LEASE_SECONDS: number;
  },
  log?: Logger,
): ServiceLambdaBase {
  const logger = log ?? createJsonLogger({ fields: { consumer: name } });
  const dynamo = new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS });
  return {
    logger,
    accounts: createAccountClients({
      accounts: config.BBWS_ACCOUNTS,
      sts: new STSClient({ ...awsSdkRetrySettings() }),
      sessionName: `bbws-${name}`,
    }),
    dynamo,
    records: createDynamoResourceRecords({ client: dynamo, tableName: config.BBWS_RECORDS_TABLE }),
    handlerDeps: {
      publisher: createEventBridgePublisher({
        client: new EventBridgeClient({ ...awsSdkRetrySettings() }),
        eventBusName: config.BBWS_BUS_NAME,
        logger,
      }),
      clock: () => new Date(),
      newId: randomUUID,
      maxReceiveCount: config.BBWS_MAX_RECEIVE_COUNT,
      logger,
      journal: createDynamoServiceJournal({ client: dynamo, tableName: config.BBWS_RECORDS_TABLE }),
      leaseMs: config.BBWS_LEASE_SECONDS * 1000,
      // A record whose error says when to look again (a pending step, a request waiting for the
      // holder's lease) comes back then: ChangeMessageVisibility on the record's own queue (named by
      // its eventSourceARN), not after the queue's visibility timeout (6× the function's timeout).
      visibility: createSqsRecordVisibility(new SQSClient({ ...awsSdkRetrySettings() })),
    },
  };
}
