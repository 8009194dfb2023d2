import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";
import { chooseFreePriority } from "../../domain/rulePriority.ts";
import { unexpectedAwsError } from "./awsErrors.ts";
import {
  type AlbPoolEntry,
  type AlbPoolSlotRange,
  type RuleSlot,
  type RuleSlotOwner,
  type RuleSlots,
  validatePool,
} from "./ruleSlots.ts";
import { ownerKey, slotKey } from "./ruleSlotTable.ts";

export interface DynamoRuleSlotsOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The ALBs tenants are spread over, filled in this order. */
  readonly pool: readonly AlbPoolEntry[];
  readonly clock: () => Date;
  readonly random?: () => number;
  /** Races lost in one allocation before it gives up with a retryable error. */
  readonly maxConflicts?: number;
}

type Claim = "claimed" | "slot-taken" | "owner-exists";
const codes = { retryable: ROUTING_CODES.slotStoreUnavailable, rejected: ROUTING_CODES.slotStoreUnavailable };

/**
 * Rule slots in DynamoDB (see ruleSlotTable.ts). A slot is claimed by a conditional
 * transaction, never derived from a hash of the tenantId, so concurrent provisions cannot
 * collide; the first ALB of the pool with a free priority in its range wins, then the next one.
 */
export function createDynamoRuleSlots(options: DynamoRuleSlotsOptions): RuleSlots {
  const { client, tableName } = options;
  const pool = validatePool(options.pool);
  const random = options.random ?? Math.random;
  const maxConflicts = options.maxConflicts ?? 200;
  const send = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw unexpectedAwsError(error, codes, `DynamoDB ${action}`);
    }
  };

  async function takenPriorities(listenerArn: string): Promise<Set<number>> {
    const taken = new Set<number>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await send("Query", () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": { S: `LISTENER#${listenerArn}` } },
            ProjectionExpression: "priority",
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) taken.add(Number(item.priority?.N));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return taken;
  }

  async function tryClaim(entry: AlbPoolSlotRange, priority: number, owner: RuleSlotOwner) {
    const attributes: Record<string, AttributeValue> = {
      loadBalancerArn: { S: entry.loadBalancerArn },
      listenerArn: { S: entry.listenerArn },
      priority: { N: String(priority) },
      instanceId: { S: owner.instanceId },
      tenantId: { S: owner.tenantId },
      targetGroupName: { S: owner.targetGroupName },
      allocatedAt: { S: options.clock().toISOString() },
    };
    const put = (key: Record<string, AttributeValue>) => ({
      Put: {
        TableName: tableName,
        Item: { ...key, ...attributes },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
    const items = [put(slotKey(entry.listenerArn, priority)), put(ownerKey(owner.instanceId))];
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return "claimed" satisfies Claim;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException))
        throw unexpectedAwsError(error, codes, "DynamoDB TransactWriteItems");
      // A lost race on the slot or a TransactionConflict with a concurrent claim: read and try again.
      const ownerReason = error.CancellationReasons?.[1]?.Code;
      return (ownerReason === "ConditionalCheckFailed" ? "owner-exists" : "slot-taken") satisfies Claim;
    }
  }

  async function find(instanceId: string): Promise<RuleSlot | null> {
    const { Item } = await send("GetItem", () =>
      client.send(
        new GetItemCommand({ TableName: tableName, Key: ownerKey(instanceId), ConsistentRead: true }),
      ),
    );
    if (!Item?.listenerArn?.S || !Item.loadBalancerArn?.S || !Item.priority?.N) return null;
    return {
      loadBalancerArn: Item.loadBalancerArn.S,
      listenerArn: Item.listenerArn.S,
      priority: Number(Item.priority.N),
    };
  }

  async function allocate(owner: RuleSlotOwner): Promise<RuleSlot> {
    const held = await find(owner.instanceId);
    if (held) return held;
    let conflicts = 0;
    for (const entry of pool) {
      for (;;) {
        const priority = chooseFreePriority(await takenPriorities(entry.listenerArn), entry.range, random);
        if (priority === null) break;
        const claim = await tryClaim(entry, priority, owner);
        if (claim === "claimed") return { ...pick(entry), priority };
        // A concurrent allocate for the same instance won: that slot is the answer.
        const mine = claim === "owner-exists" ? await find(owner.instanceId) : null;
        if (mine) return mine;
        conflicts += 1;
        if (conflicts > maxConflicts)
          throw new RoutingError(
            "ROUTING.SLOT_CONTENTION",
            `lost ${conflicts} races for a rule slot; too many concurrent provisions, try again`,
            { retryable: true },
          );
      }
    }
    const total = pool.reduce((sum, entry) => sum + entry.range.capacity, 0);
    throw new RoutingError(
      "ROUTING.CAPACITY_EXHAUSTED",
      `every ALB of the pool is full (${pool.length} ALBs, ${total} rule slots): add an ALB to the pool`,
      { retryable: false },
    );
  }

  async function release(instanceId: string): Promise<RuleSlot | null> {
    const slot = await find(instanceId);
    if (!slot) return null;
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: releaseItems(slot) }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException))
        throw unexpectedAwsError(error, codes, "DynamoDB TransactWriteItems");
      // The slot item is gone or belongs to someone else: never free another instance's slot.
      await send("DeleteItem", () =>
        client.send(new DeleteItemCommand({ TableName: tableName, Key: ownerKey(instanceId) })),
      );
    }
    return slot;

    function releaseItems(held: RuleSlot) {
      return [
        {
          Delete: {
            TableName: tableName,
            Key: slotKey(held.listenerArn, held.priority),
            ConditionExpression: "instanceId = :instanceId",
            ExpressionAttributeValues: { ":instanceId": { S: instanceId } },
          },
        },
        { Delete: { TableName: tableName, Key: ownerKey(instanceId) } },
      ];
    }
  }

  async function usage() {
    const counts = [];
    for (const entry of pool) {
      const used = (await takenPriorities(entry.listenerArn)).size;
      counts.push({ listenerArn: entry.listenerArn, used, capacity: entry.range.capacity });
    }
    return counts;
  }

  return { allocate, find, release, usage };
}

function pick(entry: AlbPoolSlotRange) {
  return { loadBalancerArn: entry.loadBalancerArn, listenerArn: entry.listenerArn };
}
