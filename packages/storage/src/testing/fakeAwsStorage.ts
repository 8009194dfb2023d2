import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { CreateTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AccessPointAlreadyExists,
  AccessPointNotFound,
  CreateAccessPointCommand,
  DeleteAccessPointCommand,
  DescribeAccessPointsCommand,
  EFSClient,
} from "@aws-sdk/client-efs";
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";

const $metadata = {};
const REGION = "eu-west-1";
const ACCOUNT = "111122223333";

/** A table keyed by `key`, like the resource records table, for uid claims. */
export async function createUidTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: "key", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "key", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

interface FakeAccessPoint {
  readonly id: string;
  readonly token: string;
  readonly path: string;
  readonly uid: number;
  readonly tags: readonly { Key?: string; Value?: string }[];
}

/** EFS access points in memory: client tokens, pagination, not-found errors like the service. */
export function createFakeEfs() {
  const client = new EFSClient({ region: REGION });
  const points = new Map<string, FakeAccessPoint>();
  const mock = mockClient(client);
  mock.on(CreateAccessPointCommand).callsFake(async (input: CreateAccessPointCommand["input"]) => {
    const existing = [...points.values()].find((point) => point.token === input.ClientToken);
    if (existing)
      throw new AccessPointAlreadyExists({
        $metadata,
        message: "exists",
        ErrorCode: "AccessPointAlreadyExists",
        AccessPointId: existing.id,
      });
    const id = `fsap-${randomBytes(8).toString("hex")}`;
    points.set(id, {
      id,
      token: input.ClientToken ?? "",
      path: input.RootDirectory?.Path ?? "/",
      uid: input.PosixUser?.Uid ?? 0,
      tags: input.Tags ?? [],
    });
    return { AccessPointId: id, LifeCycleState: "creating" };
  });
  mock.on(DescribeAccessPointsCommand).callsFake(async (input: DescribeAccessPointsCommand["input"]) => {
    if (input.AccessPointId) {
      const point = points.get(input.AccessPointId);
      if (!point)
        throw new AccessPointNotFound({ $metadata, message: "not found", ErrorCode: "AccessPointNotFound" });
      return { AccessPoints: [{ AccessPointId: point.id, LifeCycleState: "available" }] };
    }
    const all = [...points.values()];
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.MaxResults ?? 100);
    return {
      AccessPoints: all
        .slice(start, end)
        .map((point) => ({ AccessPointId: point.id, RootDirectory: { Path: point.path } })),
      ...(end < all.length ? { NextToken: String(end) } : {}),
    };
  });
  mock.on(DeleteAccessPointCommand).callsFake(async (input: DeleteAccessPointCommand["input"]) => {
    if (!points.delete(input.AccessPointId ?? ""))
      throw new AccessPointNotFound({ $metadata, message: "not found", ErrorCode: "AccessPointNotFound" });
    return {};
  });
  return { client, mock, points };
}

/** Secrets Manager in memory: names, ARNs, ResourceExists/ResourceNotFound like the service. */
export function createFakeSecretsManager() {
  const client = new SecretsManagerClient({ region: REGION });
  const secrets = new Map<string, { arn: string; value: string; tags: unknown }>();
  const mock = mockClient(client);
  const find = (id = "") => [...secrets.entries()].find(([name, secret]) => name === id || secret.arn === id);
  mock.on(GetSecretValueCommand).callsFake(async (input: GetSecretValueCommand["input"]) => {
    const found = find(input.SecretId);
    if (!found)
      throw new ResourceNotFoundException({
        $metadata,
        message: "Secrets Manager can't find the specified secret.",
      });
    return { ARN: found[1].arn, Name: found[0], SecretString: found[1].value };
  });
  mock.on(CreateSecretCommand).callsFake(async (input: CreateSecretCommand["input"]) => {
    const name = input.Name ?? "";
    if (secrets.has(name)) throw new ResourceExistsException({ $metadata, message: "already exists" });
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString("hex")}`;
    secrets.set(name, { arn, value: input.SecretString ?? "", tags: input.Tags });
    return { ARN: arn, Name: name };
  });
  mock.on(DeleteSecretCommand).callsFake(async (input: DeleteSecretCommand["input"]) => {
    const found = find(input.SecretId);
    if (!found) throw new ResourceNotFoundException({ $metadata, message: "not found" });
    secrets.delete(found[0]);
    return { ARN: found[1].arn };
  });
  return { client, mock, secrets };
}

/** S3 objects in memory; PutObject refuses a body whose SHA-256 differs from ChecksumSHA256, like S3. */
export function createFakeS3() {
  const client = new S3Client({ region: REGION });
  const objects = new Map<string, { body: Buffer; checksum: string; tagging?: string }>();
  const mock = mockClient(client);
  const keyOf = (input: { Bucket?: string; Key?: string }) => `${input.Bucket}/${input.Key}`;
  mock.on(PutObjectCommand).callsFake(async (input: PutObjectCommand["input"]) => {
    const chunks: Buffer[] = [];
    for await (const chunk of input.Body as Readable) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const checksum = createHash("sha256").update(body).digest("base64");
    if (checksum !== input.ChecksumSHA256)
      throw new S3ServiceException({
        name: "BadDigest",
        $fault: "client",
        $metadata,
        message: "checksum mismatch",
      });
    objects.set(keyOf(input), { body, checksum, ...(input.Tagging ? { tagging: input.Tagging } : {}) });
    return { ChecksumSHA256: checksum };
  });
  mock.on(HeadObjectCommand).callsFake(async (input: HeadObjectCommand["input"]) => {
    const object = objects.get(keyOf(input));
    if (!object)
      throw new S3ServiceException({ name: "NotFound", $fault: "client", $metadata, message: "not found" });
    return {
      ContentLength: object.body.length,
      ...(input.ChecksumMode === "ENABLED" ? { ChecksumSHA256: object.checksum } : {}),
    };
  });
  mock.on(GetObjectCommand).callsFake(async (input: GetObjectCommand["input"]) => {
    const object = objects.get(keyOf(input));
    if (!object) throw new NoSuchKey({ $metadata, message: "no such key" });
    return { Body: Readable.from([object.body]), ContentLength: object.body.length };
  });
  return { client, mock, objects };
}
