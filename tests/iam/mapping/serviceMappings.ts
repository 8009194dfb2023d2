import type { IamRequest } from "../iamRequest.ts";
import { cognito } from "./cognito.ts";
import type { CallContext, ServiceMapping } from "./commandMapping.ts";
import { dynamodb } from "./dynamodb.ts";
import { ecs } from "./ecs.ts";
import { efs } from "./efs.ts";
import { elbv2 } from "./elbv2.ts";
import { iam } from "./iam.ts";
import { cloudwatch, logs, route53, tagging } from "./otherWorkload.ts";
import { eventbridge, lambda, s3, sqs, sts } from "./ownServices.ts";
import { secretsManager } from "./secretsManager.ts";

/** Every AWS service the adapters call, one mapping each (tests/iam/mapping/*.ts). */
export const SERVICE_MAPPINGS: readonly ServiceMapping[] = [
  dynamodb,
  eventbridge,
  sqs,
  lambda,
  sts,
  s3,
  cognito,
  secretsManager,
  elbv2,
  ecs,
  efs,
  route53,
  tagging,
  cloudwatch,
  logs,
  iam,
];

/** A recorded command as the IAM request(s) AWS evaluates; an unmapped client or command fails loudly. */
export function toIamRequests(
  client: string,
  command: string,
  input: unknown,
  call: CallContext,
): { account: ServiceMapping["account"]; requests: IamRequest[] } {
  const mapping = SERVICE_MAPPINGS.find((candidate) => candidate.client === client);
  if (!mapping)
    throw new Error(
      `${call.callSite.file} calls ${client}: add a mapping for it to tests/iam/mapping/serviceMappings.ts`,
    );
  const name = command.replace(/Command$/, "");
  const map = mapping.commands[name];
  if (!map)
    throw new Error(
      `${call.callSite.file} sends ${command} (${client}): map it to its IAM request(s) in tests/iam/mapping/`,
    );
  return { account: mapping.account, requests: map(input ?? {}, call) };
}
