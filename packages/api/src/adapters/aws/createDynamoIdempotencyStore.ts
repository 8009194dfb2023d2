import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { ApiError } from "../../domain/errors.ts";
import { decideClaim, type IdempotencyEntry } from "../../domain/idempotency.ts";
import type { ClaimResult, IdempotencyStore } from "../../ports.ts";

export interface DynamoIdempotencyStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

const NAMES = {
  "#pk": "pk",
  "#fp": "fingerprint",
  "#st": "status",
  "#lock": "lockedUntil",
  "#expMs": "expiresAtMs",
};

/**
 * IdempotencyStore on DynamoDB. A claim is one conditional PutItem (free, expired, or an
 * abandoned claim of the same request); when the condition fails a consistent read says
 * why (replay, mismatch, in progress). The SDK client retries (DYNAMODB_RETRY_SETTINGS, the one
 * retry budget); what still fails is reported as API.DEPENDENCY_UNAVAILABLE (503).
 */
export function createDynamoIdempotencyStore(options: DynamoIdempotencyStoreOptions): IdempotencyStore {
  const { client, tableName } = options;
  const send = <T>(action: string, call: () => Promise<T>) =>
    call().catch((error: unknown) => {
      if (isConditionFailure(error)) throw error;
      throw new ApiError("API.DEPENDENCY_UNAVAILABLE", `idempotency store ${action} failed`, {
        cause: error,
        retryable: true,
      });
    });

  async function read(key: string): Promise<IdempotencyEntry | null> {
    const { Item } = await send("read", () =>
      client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
      ),
    );
    return Item ? toEntry(Item) : null;
  }

  async function claim(input: Parameters<IdempotencyStore["claim"]>[0]): Promise<ClaimResult> {
    const { key, fingerprint, now, lockMs, ttlMs } = input;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await send("claim", () =>
          client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: {
                pk: { S: key },
                fingerprint: { S: fingerprint },
                status: { S: "in-progress" },
                lockedUntil: { N: String(now + lockMs) },
                expiresAtMs: { N: String(now + ttlMs) },
                expiresAt: { N: String(Math.ceil((now + ttlMs) / 1000)) },
              },
              ConditionExpression:
                "attribute_not_exists(#pk) OR #expMs <= :now OR (#st = :running AND #fp = :fp AND #lock <= :now)",
              ExpressionAttributeNames: NAMES,
              ExpressionAttributeValues: {
                ":now": { N: String(now) },
                ":running": { S: "in-progress" },
                ":fp": { S: fingerprint },
              },
            }),
          ),
        );
        return { outcome: "claimed" };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const existing = await read(key);
      const decision = decideClaim(existing, fingerprint, now);
      if (decision === "replay" && existing?.response)
        return { outcome: "replay", response: existing.response };
      if (decision === "mismatch") return { outcome: "mismatch" };
      if (decision === "in-progress") return { outcome: "in-progress" };
      // "claim": the item changed between the write and the read (expired, released); try again.
    }
    return { outcome: "in-progress" };
  }

  return {
    claim,
    async complete({ key, fingerprint, response, now, ttlMs }) {
      await ignoreConditionFailure(
        send("complete", () =>
          client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: { pk: { S: key } },
              UpdateExpression:
                "SET #st = :completed, #resp = :response, #lock = :zero, #expMs = :expMs, #exp = :exp",
              ConditionExpression: "#fp = :fp",
              ExpressionAttributeNames: {
                "#st": "status",
                "#resp": "response",
                "#lock": "lockedUntil",
                "#expMs": "expiresAtMs",
                "#exp": "expiresAt",
                "#fp": "fingerprint",
              },
              ExpressionAttributeValues: {
                ":completed": { S: "completed" },
                ":response": { S: JSON.stringify(response) },
                ":zero": { N: "0" },
                ":expMs": { N: String(now + ttlMs) },
                ":exp": { N: String(Math.ceil((now + ttlMs) / 1000)) },
                ":fp": { S: fingerprint },
              },
            }),
          ),
        ),
      );
    },
    async release({ key, fingerprint }) {
      await ignoreConditionFailure(
        send("release", () =>
          client.send(
            new DeleteItemCommand({
              TableName: tableName,
              Key: { pk: { S: key } },
              ConditionExpression: "#st = :running AND #fp = :fp",
              ExpressionAttributeNames: { "#st": "status", "#fp": "fingerprint" },
              ExpressionAttributeValues: { ":running": { S: "in-progress" }, ":fp": { S: fingerprint } },
            }),
          ),
        ),
      );
    },
  };
}

/** By name, not instanceof: a second copy of the SDK in node_modules would defeat instanceof. */
function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

async function ignoreConditionFailure(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    // The claim was taken over or released meanwhile: this request's answer is not the one kept.
    if (!isConditionFailure(error)) throw error;
  }
}

function toEntry(item: Record<string, AttributeValue>): IdempotencyEntry {
  const response = item.response?.S;
  return {
    fingerprint: item.fingerprint?.S ?? "",
    status: item.status?.S === "completed" ? "completed" : "in-progress",
    lockedUntil: Number(item.lockedUntil?.N ?? 0),
    expiresAt: Number(item.expiresAtMs?.N ?? 0),
    ...(response ? { response: JSON.parse(response) } : {}),
  };
}
