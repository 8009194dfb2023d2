import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ChangeMessageVisibilityCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type Consumer, instanceRefOf, parseBusEvent, type Service } from "@bbws/contracts";
import { journalRecordKey, queueUrlOf, type SqsEventHandler, silentLogger } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CONSUMER_BUDGETS } from "../../infra/consumerBudgets.ts";
import { initialComputeState } from "../../packages/compute/src/domain/computeState.ts";
import { createComputeLambdaHandler, loadComputeConfig } from "../../packages/compute/src/handlers/deps.ts";
import { INITIAL_IDENTITY_STATE } from "../../packages/identity/src/domain/identityState.ts";
import {
  createIdentityLambdaHandler,
  loadIdentityConfig,
} from "../../packages/identity/src/handlers/deps.ts";
import { INITIAL_ROUTING_STATE } from "../../packages/routing/src/domain/routingState.ts";
import { createRoutingLambdaHandler, loadRoutingConfig } from "../../packages/routing/src/handlers/deps.ts";
import { INITIAL_STORAGE_STATE } from "../../packages/storage/src/domain/storageState.ts";
import { createStorageLambdaHandler, loadStorageConfig } from "../../packages/storage/src/handlers/deps.ts";
import { DEPLOYED } from "../iam/simulatedDeployment.ts";
import { context, deployedEnvironments, fixture, sqsEvent, useMockedMeshClients } from "./lambdaFixtures.ts";

/**
 * Every service Lambda hides a record that waits its turn (RequestInFlightError) until the holder's
 * lease ends, on the record's own queue: not after the queue's visibility timeout (6× the timeout).
 */
let envOf: Awaited<ReturnType<typeof deployedEnvironments>>;
beforeAll(async () => {
  envOf = await deployedEnvironments();
});

type Build = (env: Record<string, string>) => SqsEventHandler;
const SERVICES: readonly [Service & Consumer, string, unknown, Build][] = [
  [
    "identity",
    "InstanceRequested",
    INITIAL_IDENTITY_STATE,
    (env) => createIdentityLambdaHandler(loadIdentityConfig(env), silentLogger),
  ],
  [
    "storage",
    "InstanceRequested",
    INITIAL_STORAGE_STATE,
    (env) => createStorageLambdaHandler(loadStorageConfig(env), silentLogger),
  ],
  [
    "routing",
    "InstanceRequested",
    INITIAL_ROUTING_STATE,
    (env) => createRoutingLambdaHandler(loadRoutingConfig(env), silentLogger),
  ],
  [
    "compute",
    "ComputeRequested",
    initialComputeState,
    (env) => createComputeLambdaHandler(loadComputeConfig(env), silentLogger),
  ],
];

describe("a request waiting for another delivery's lease (AWS mocked)", () => {
  const sqs = mockClient(SQSClient);
  const { dynamo } = useMockedMeshClients(sqs);
  // Date only: the lease left is read from the clock, which must not move during the test.
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it.each(SERVICES)(
    "%s: hides the record until the holder's lease ends, by ChangeMessageVisibility on its queue",
    async (service, detailType, initialState, build) => {
      const env = envOf(service);
      const leaseSeconds = Number(env.BBWS_LEASE_SECONDS);
      expect(leaseSeconds).toBe(CONSUMER_BUDGETS[service].timeoutSeconds);
      const event = fixture(detailType);
      const key = { service, ...instanceRefOf(parseBusEvent(event)) };
      const claimedAt = new Date(Date.now() - 10_000).toISOString();
      const journal = {
        state: initialState,
        inbox: { "holder-event": { status: "started", claimedAt, emitted: [] } },
      };
      dynamo.on(GetItemCommand, { Key: { key: { S: journalRecordKey(key) } } }).resolves({
        Item: {
          key: { S: journalRecordKey(key) },
          journal: { S: JSON.stringify(journal) },
          version: { N: "1" },
        },
      });
      sqs.on(ChangeMessageVisibilityCommand).resolves({});

      const delivery = sqsEvent(event);
      const [record] = delivery.Records;
      if (record) record.eventSourceARN = DEPLOYED.queueArn(service);

      const response = await build(env)(delivery, context);

      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
      expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
        {
          QueueUrl: queueUrlOf(DEPLOYED.queueArn(service)),
          ReceiptHandle: "r-1",
          VisibilityTimeout: leaseSeconds - 10,
        },
      ]);
    },
  );
});
