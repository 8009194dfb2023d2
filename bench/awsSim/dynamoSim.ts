import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";

type Value = Record<string, unknown>;
type Item = Record<string, Value>;
interface Expression {
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, Value>;
}

/**
 * A small DynamoDB for the uid allocator's table (keyed by `key`): GetItem, PutItem, UpdateItem
 * and DeleteItem with the condition forms it uses (attribute_(not_)exists, =, AND, OR) and the
 * update forms SET and ADD. On-demand capacity: latency, no throttling.
 */
export function dynamoApi(): SimulatedApi {
  const items = new Map<string, Item>();
  const keyOf = (key: Item) => JSON.stringify(key.key);
  const name = (token: string, names: Expression["ExpressionAttributeNames"]) =>
    token.startsWith("#") ? (names?.[token] ?? token) : token;
  const holds = (condition: string | undefined, item: Item | undefined, input: Expression) => {
    if (!condition) return true;
    return condition.split(" OR ").some((any) =>
      any.split(" AND ").every((term) => {
        const exists = /^attribute_(not_)?exists\((.+)\)$/.exec(term.trim());
        if (exists)
          return (
            (item?.[name(exists[2] ?? "", input.ExpressionAttributeNames)] === undefined) ===
            Boolean(exists[1])
          );
        const [left = "", right = ""] = term.split("=").map((side) => side.trim());
        const actual = item?.[name(left, input.ExpressionAttributeNames)];
        return (
          actual !== undefined &&
          JSON.stringify(actual) === JSON.stringify(input.ExpressionAttributeValues?.[right])
        );
      }),
    );
  };
  const guard = (input: Expression & { ConditionExpression?: string }, item: Item | undefined) => {
    if (!holds(input.ConditionExpression, item, input))
      throw awsError("ConditionalCheckFailedException", "The conditional request failed");
  };
  return {
    service: "DynamoDB",
    latencyMs: (action) => (action === "GetItem" ? F.dynamoReadMs.value : F.dynamoWriteMs.value),
    bucketOf: () => undefined,
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      GetItem: ({ Key }) => ({ Item: items.get(keyOf(Key)) }),
      PutItem(input) {
        guard(input, items.get(keyOf(input.Item)));
        items.set(keyOf(input.Item), input.Item);
        return {};
      },
      DeleteItem(input) {
        guard(input, items.get(keyOf(input.Key)));
        items.delete(keyOf(input.Key));
        return {};
      },
      UpdateItem(input) {
        const current = items.get(keyOf(input.Key));
        guard(input, current);
        const next: Item = { ...(current ?? input.Key) };
        const update = String(input.UpdateExpression);
        const set = /^SET (.+)$/.exec(update);
        const add = /^ADD (\S+) (\S+)$/.exec(update);
        for (const assignment of set?.[1]?.split(",") ?? []) {
          const [left = "", right = ""] = assignment.split("=").map((side) => side.trim());
          next[name(left, input.ExpressionAttributeNames)] = input.ExpressionAttributeValues[right];
        }
        if (add) {
          const field = name(add[1] ?? "", input.ExpressionAttributeNames);
          const by = Number(input.ExpressionAttributeValues[add[2] ?? ""]?.N);
          next[field] = { N: String(Number(next[field]?.N ?? 0) + by) };
        }
        if (!set && !add) throw new Error(`the simulated DynamoDB does not parse ${update}`);
        items.set(keyOf(input.Key), next);
        return { Attributes: next };
      },
    },
  };
}
