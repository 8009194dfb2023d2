import { CONSUMERS, DEAD_LETTER_SOURCES } from "@bbws/contracts";
import { FUNCTIONS, functionName } from "../../../infra/functions.ts";
import { CONFIG, DEPLOYED, STAGE } from "../simulatedDeployment.ts";
import { request, type ServiceMapping } from "./commandMapping.ts";

/**
 * The control plane's own services. A name the deployment gives (the bus, a queue, the orphan
 * scan function, the archive bucket) is a deployment value, so the request names the deployed
 * resource of that kind; tenant-derived parts (object keys, tags) come from the input.
 */
export const eventbridge: ServiceMapping = {
  client: "EventBridgeClient",
  account: "own",
  commands: {
    // One authorisation per bus the entries name (all name ours: the publisher is built with it).
    PutEvents: () => [request("events:PutEvents", DEPLOYED.bus)],
    // The Service Authorization Reference gives StartReplay three required resource types:
    // the archive it replays from, the destination bus and the replay it creates. FilterArns
    // (the consumers' rules) narrow where events go; no rule resource type, no condition key.
    StartReplay: (input) => [
      request("events:StartReplay", DEPLOYED.busArchive),
      request("events:StartReplay", DEPLOYED.bus),
      request("events:StartReplay", replayArn(input.ReplayName)),
    ],
    DescribeReplay: (input) => [request("events:DescribeReplay", replayArn(input.ReplayName))],
  },
};

const replayArn = (name: string) => DEPLOYED.busArchive.replace(/:archive\/.*$/, `:replay/${name}`);

/**
 * A dead-letter queue's URL or ARN names its consumer: `...-<consumer>-dlq` or `...<Consumer>Dlq...`
 * (the ECS events consumer's: `ecsEvents`, `ecs-events` or `EcsEvents`).
 */
function dlqOf(queue: string): string {
  const plain = queue.toLowerCase().replaceAll("-", "");
  const consumer = DEAD_LETTER_SOURCES.find((name) => plain.includes(name.toLowerCase()));
  if (!consumer) throw new Error(`cannot tell which consumer's dead-letter queue ${queue} is`);
  return DEPLOYED.dlqArn(consumer);
}
const consumerOfDlq = (dlq: string) => dlq.replace(/-dlq$/, "");

/** A consumer's queue from its URL (`.../bbws-{stage}-{consumer}`). */
function queueOf(queueUrl: string): string {
  const name = queueUrl.split("/").at(-1) ?? "";
  const consumer = CONSUMERS.find((candidate) => name === `bbws-${STAGE}-${candidate}`);
  if (!consumer) throw new Error(`cannot tell which consumer's queue ${queueUrl} is`);
  return DEPLOYED.queueArn(consumer);
}

export const sqs: ServiceMapping = {
  client: "SQSClient",
  account: "own",
  commands: {
    GetQueueAttributes: (input) => [request("sqs:GetQueueAttributes", dlqOf(input.QueueUrl))],
    ReceiveMessage: (input) => [request("sqs:ReceiveMessage", dlqOf(input.QueueUrl))],
    DeleteMessage: (input) => [request("sqs:DeleteMessage", dlqOf(input.QueueUrl))],
    ChangeMessageVisibility: (input) => [request("sqs:ChangeMessageVisibility", queueOf(input.QueueUrl))],
    // The move task reads and deletes in the DLQ and sends back to the source queue, as the caller.
    StartMessageMoveTask: (input) => {
      const dlq = dlqOf(input.SourceArn);
      const implied = "StartMessageMoveTask moves with the caller's permissions";
      return [
        request("sqs:StartMessageMoveTask", dlq),
        request("sqs:ReceiveMessage", dlq, {}, implied),
        request("sqs:DeleteMessage", dlq, {}, implied),
        request("sqs:GetQueueAttributes", dlq, {}, implied),
        request(
          "sqs:SendMessage",
          input.DestinationArn ? dlqOf(input.DestinationArn) : consumerOfDlq(dlq),
          {},
          implied,
        ),
      ];
    },
  },
};

/**
 * The deployed function a FunctionName names (`bbws-{stage}-{id}`, as infra names them); a name a
 * test made up is the orphan scan's, the first function the API invoked.
 */
function invokedFunction(name: string): string {
  const id = FUNCTIONS.map((spec) => spec.id).find((candidate) => functionName(STAGE, candidate) === name);
  return DEPLOYED.functionArn(id ?? "orphanScan");
}

export const lambda: ServiceMapping = {
  client: "LambdaClient",
  account: "own",
  // The API invokes the orphan scan (synchronously or as an event: one action either way); the API
  // and the sweep invoke the storage drift function (RequestResponse).
  commands: { Invoke: (input) => [request("lambda:InvokeFunction", invokedFunction(input.FunctionName))] },
};

export const sts: ServiceMapping = {
  client: "STSClient",
  account: "own",
  commands: {
    AssumeRole: (input) => {
      const known = Object.values(CONFIG.accounts).some((entry) => entry.roleArn === input.RoleArn);
      return [request("sts:AssumeRole", known ? input.RoleArn : CONFIG.accounts.dev!.roleArn)];
    },
  },
};

const objectArn = (input: { Key: string }) => `${DEPLOYED.archiveBucket}/${input.Key}`;
export const s3: ServiceMapping = {
  client: "S3Client",
  account: "own",
  commands: {
    PutObject: (input) => {
      const tags = [...new URLSearchParams(input.Tagging ?? "")];
      const context: Record<string, string | string[]> = {};
      if (tags.length > 0) context["s3:RequestObjectTagKeys"] = tags.map(([key]) => key);
      for (const [key, value] of tags) context[`s3:RequestObjectTag/${key}`] = value;
      return [
        request("s3:PutObject", objectArn(input), context),
        ...(input.Tagging
          ? [request("s3:PutObjectTagging", objectArn(input), context, "PutObject with x-amz-tagging")]
          : []),
      ];
    },
    // HeadObject is authorised as GetObject.
    HeadObject: (input) => [request("s3:GetObject", objectArn(input))],
    GetObject: (input) => [request("s3:GetObject", objectArn(input))],
  },
};
