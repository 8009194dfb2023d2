import { marshall } from "@aws-sdk/util-dynamodb";
import { InvalidCursorError } from "../../domain/errors.ts";
import type { Item } from "./dynamoItems.ts";
import type { LedgerIndex } from "./ledgerTable.ts";

/**
 * A `startAt` cursor is base64url of the JSON of the key where the next page starts:
 * the base table's pk/sk and the index's keys, as plain strings.
 */
function keyNames(index: LedgerIndex): string[] {
  return ["pk", "sk", index.partitionKey, index.sortKey];
}

export function encodeCursor(index: LedgerIndex, item: Item): string {
  const key = Object.fromEntries(keyNames(index).map((name) => [name, item[name]?.S]));
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * DynamoDB answers a foreign ExclusiveStartKey with a ValidationException (or, worse, a
 * page of another query), so the cursor is checked against the query it continues.
 */
export function decodeCursor(cursor: string, index: LedgerIndex, partition: string): Item {
  const key = parseCursor(cursor);
  const names = keyNames(index);
  const fields = Object.keys(key);
  if (fields.length !== names.length || !names.every((name) => typeof key[name] === "string")) {
    throw new InvalidCursorError("it does not hold the keys of this listing");
  }
  if (key[index.partitionKey] !== partition) throw new InvalidCursorError("it continues another listing");
  return marshall(key);
}

function parseCursor(cursor: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError("it is not base64url");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError("it is not JSON", { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidCursorError("it is not a key");
  }
  return parsed as Record<string, unknown>;
}
