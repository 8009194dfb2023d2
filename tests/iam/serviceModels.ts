import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A botocore shape, reduced to what input validation reads (scripts/extractServiceModels.ts). */
export interface Shape {
  type: string;
  required?: string[];
  /** An idempotency token is required but filled in by the SDK when absent. */
  members?: Record<string, { shape: string; idempotencyToken?: boolean }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ServiceModels {
  /** The python3-botocore version the extract comes from. */
  botocore: string;
  /** Per SDK client: the botocore service, each mapped command's input shape, and the shapes. */
  clients: Record<
    string,
    { service: string; operations: Record<string, string>; shapes: Record<string, Shape> }
  >;
}

/** The botocore model of each SDK client the IAM mappings know. */
export const MODEL_OF_CLIENT: Readonly<Record<string, string>> = {
  DynamoDBClient: "dynamodb",
  EventBridgeClient: "events",
  SQSClient: "sqs",
  LambdaClient: "lambda",
  STSClient: "sts",
  S3Client: "s3",
  CognitoIdentityProviderClient: "cognito-idp",
  SecretsManagerClient: "secretsmanager",
  ElasticLoadBalancingV2Client: "elbv2",
  ECSClient: "ecs",
  EFSClient: "efs",
  Route53Client: "route53",
  ResourceGroupsTaggingAPIClient: "resourcegroupstaggingapi",
  CloudWatchClient: "cloudwatch",
  CloudWatchLogsClient: "logs",
  SSMClient: "ssm",
};

const PATH = fileURLToPath(new URL("./serviceModels.json", import.meta.url));
let loaded: ServiceModels | undefined;
/** The committed extract (`npm run iam:models`). */
export function serviceModels(): ServiceModels {
  loaded ??= JSON.parse(readFileSync(PATH, "utf8")) as ServiceModels;
  return loaded;
}
