import type { DeployConfig } from "../../infra/deployConfig.ts";
import { fileSystemArn } from "../../infra/efsCrossAccount.ts";
import { FUNCTIONS, type FunctionSpec } from "../../infra/functions.ts";
import { request } from "./mapping/commandMapping.ts";
import type { RecordedRequest } from "./recordedRequests.ts";
import { CONFIG, DEPLOYED } from "./simulatedDeployment.ts";

/**
 * What AWS services do with a function's role on its behalf, no SDK call of ours: the SQS
 * event source polls the consumer's queue, the runtime writes the function's logs, Lambda
 * manages a VPC function's network interfaces and mounts its file system, the Pipe reads the ledger's stream and invokes
 * the relay. Read from the wiring (infra/functions.ts, infra/lambdaArgs.ts), so a new
 * function or a function moved into a VPC brings its requests along.
 */
const PLATFORM = "the platform (infra/functions.ts, infra/lambdaArgs.ts)";

/** infra/lambdaArgs.ts, imported by URL so that `tsc` does not pull SST's global types into the program. */
type LambdaArgs = (input: {
  spec: FunctionSpec;
  config: DeployConfig;
  role: unknown;
  environment: object;
}) => {
  vpc?: unknown;
  volume?: { efs: string };
};
const { lambdaArgs } = (await import(
  /* @vite-ignore */ new URL("../../infra/lambdaArgs.ts", import.meta.url).href
)) as {
  lambdaArgs: LambdaArgs;
};

function functionRequests(spec: FunctionSpec): RecordedRequest[] {
  const args = lambdaArgs({ spec, config: CONFIG, role: { arn: "role" }, environment: {} });
  const stream = DEPLOYED.logGroup(spec.id).replace(
    /:\*$/,
    ":log-stream:2026/12/05/[$LATEST]0123456789abcdef",
  );
  const requests = [
    { ...request("logs:CreateLogStream", stream), callSite: "Lambda runtime: logs" },
    { ...request("logs:PutLogEvents", stream), callSite: "Lambda runtime: logs" },
  ];
  if (spec.consumer || spec.id === "ecsEvents") {
    const queue = spec.consumer ? DEPLOYED.queueArn(spec.consumer) : DEPLOYED.ecsEventsQueue;
    for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"])
      requests.push({ ...request(action, queue), callSite: "SQS event source mapping" });
  }
  if (args.vpc)
    for (const action of [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ])
      requests.push({ ...request(action, "*"), callSite: "Lambda in a VPC: network interfaces" });
  if (args.volume) requests.push(...mountRequests(args.volume.efs));
  return requests.map((entry) => ({
    ...entry,
    principal: { kind: "own", role: spec.id },
    command: "(no SDK call)",
    testFile: PLATFORM,
  }));
}

/**
 * Lambda mounts a function's file system with the function's role, through a mount target and
 * the access point the wiring names (evaluated with the file system's policy as well:
 * infra/efsCrossAccount.ts).
 */
function mountRequests(accessPointArn: string) {
  const context = {
    "elasticfilesystem:AccessedViaMountTarget": "true",
    "elasticfilesystem:AccessPointArn": accessPointArn,
  };
  return EFS_MOUNT_ACTIONS.map((action) => ({
    ...request(action, fileSystemArn(CONFIG), context),
    callSite: "Lambda file system: mount",
  }));
}
const EFS_MOUNT_ACTIONS = [
  "elasticfilesystem:ClientMount",
  "elasticfilesystem:ClientWrite",
  "elasticfilesystem:ClientRootAccess",
];

function pipeRequests(): RecordedRequest[] {
  const stream = `${DEPLOYED.ledgerTable}/stream/2026-12-01T00:00:00.000`;
  return [
    { ...request("dynamodb:DescribeStream", stream), callSite: "EventBridge Pipe: source" },
    { ...request("dynamodb:GetRecords", stream), callSite: "EventBridge Pipe: source" },
    { ...request("dynamodb:GetShardIterator", stream), callSite: "EventBridge Pipe: source" },
    { ...request("dynamodb:ListStreams", "*"), callSite: "EventBridge Pipe: source" },
    {
      ...request("lambda:InvokeFunction", DEPLOYED.functionArn("outboxRelay")),
      callSite: "EventBridge Pipe: target",
    },
    {
      ...request("sqs:SendMessage", DEPLOYED.outboxPipeDlq),
      callSite: "EventBridge Pipe: dead-letter queue",
    },
  ].map((entry) => ({
    ...entry,
    principal: { kind: "own", role: "outboxPipe" },
    command: "(no SDK call)",
    testFile: PLATFORM,
  }));
}

export function platformRequests(): RecordedRequest[] {
  return [...FUNCTIONS.flatMap(functionRequests), ...pipeRequests()];
}
