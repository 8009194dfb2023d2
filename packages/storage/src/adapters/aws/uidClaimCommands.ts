import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";

/**
 * The DynamoDB commands of the uid allocator, on a table keyed by `key`:
 * - `uid#N` { tenantId }: the claim, put conditionally, so two tenants never hold one uid;
 * - `uid-tenant#T` { candidate, claimed }: the tenant's intent, written BEFORE
 *   the claim, so a crash at any point leaves a pointer release can follow;
 * - `uid-counter` { next }: an atomic counter spreading candidates over the range.
 */
const indexKey = (tenantId: string) => ({ key: { S: `uid-tenant#${tenantId}` } });
const claimKey = (uid: number) => ({ key: { S: `uid#${uid}` } });
const KEY_NAME = { "#key": "key" };

export function readIndexCommand(TableName: string, tenantId: string) {
  return new GetItemCommand({ TableName, Key: indexKey(tenantId), ConsistentRead: true });
}

export function advanceCounterCommand(TableName: string) {
  return new UpdateItemCommand({
    TableName,
    Key: { key: { S: "uid-counter" } },
    UpdateExpression: "ADD #next :one",
    ExpressionAttributeNames: { "#next": "next" },
    ExpressionAttributeValues: { ":one": { N: "1" } },
    ReturnValues: "UPDATED_NEW",
  });
}

/** A first intent needs no item; a replaced one must still aim at `previous` and be unclaimed. */
export function writeIntentCommand(
  TableName: string,
  tenantId: string,
  candidate: number,
  previous?: number,
) {
  const guard =
    previous === undefined
      ? { ConditionExpression: "attribute_not_exists(#key)", ExpressionAttributeNames: KEY_NAME }
      : {
          ConditionExpression: "candidate = :previous AND claimed = :false",
          ExpressionAttributeValues: { ":previous": { N: String(previous) }, ":false": { BOOL: false } },
        };
  return new PutItemCommand({
    TableName,
    Item: {
      ...indexKey(tenantId),
      tenantId: { S: tenantId },
      candidate: { N: String(candidate) },
      claimed: { BOOL: false },
    },
    ...guard,
  });
}

/** Free, or already this tenant's (a retry after a crash). */
export function claimCommand(TableName: string, tenantId: string, uid: number) {
  return new PutItemCommand({
    TableName,
    Item: { ...claimKey(uid), tenantId: { S: tenantId } },
    ConditionExpression: "attribute_not_exists(#key) OR tenantId = :tenantId",
    ExpressionAttributeNames: KEY_NAME,
    ExpressionAttributeValues: { ":tenantId": { S: tenantId } },
  });
}

export function markClaimedCommand(TableName: string, tenantId: string, uid: number, claimed: boolean) {
  return new UpdateItemCommand({
    TableName,
    Key: indexKey(tenantId),
    UpdateExpression: "SET claimed = :claimed",
    ConditionExpression: "candidate = :uid",
    ExpressionAttributeValues: { ":claimed": { BOOL: claimed }, ":uid": { N: String(uid) } },
  });
}

/** Only the tenant's own claim: a uid already re-claimed by another tenant is left alone. */
export function dropClaimCommand(TableName: string, tenantId: string, uid: number) {
  return new DeleteItemCommand({
    TableName,
    Key: claimKey(uid),
    ConditionExpression: "tenantId = :tenantId",
    ExpressionAttributeValues: { ":tenantId": { S: tenantId } },
  });
}

export function deleteIndexCommand(TableName: string, tenantId: string) {
  return new DeleteItemCommand({ TableName, Key: indexKey(tenantId) });
}
