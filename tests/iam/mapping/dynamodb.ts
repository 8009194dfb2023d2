import type { Frame } from "../callSite.ts";
import type { IamRequest } from "../iamRequest.ts";
import { DEPLOYED } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";

/**
 * DynamoDB. Tests name their tables freely (one per test file on DynamoDB Local), so the
 * table is the one the calling adapter is deployed against. TransactWriteItems has no action
 * of its own: AWS authorises each item (Put → PutItem, ...).
 */
const TABLE_OF_ADAPTER: readonly [RegExp, string][] = [
  [
    /^packages\/api\/src\/adapters\/aws\/(createDynamoIdempotencyStore|idempotencyTable)\.ts$/,
    DEPLOYED.idempotencyTable,
  ],
  [/^packages\/ledger\/src\//, DEPLOYED.ledgerTable],
  [/^packages\/mesh\/src\/(resources|decider)\//, DEPLOYED.recordsTable],
  [
    /^packages\/routing\/src\/adapters\/aws\/(createDynamoRuleSlots|ruleSlots|ruleSlotTable|albPoolItem)\.ts$/,
    DEPLOYED.slotTable,
  ],
  [
    /^packages\/storage\/src\/adapters\/aws\/(uidClaimCommands|dynamoUidAllocator|createAwsStorageInventory|createAwsStorageProvider)\.ts$/,
    DEPLOYED.recordsTable,
  ],
];

function tableOf(callSite: Frame): string {
  const found = TABLE_OF_ADAPTER.find(([file]) => file.test(callSite.file));
  if (!found)
    throw new Error(`${callSite.file} calls DynamoDB: name its table in tests/iam/mapping/dynamodb.ts`);
  return found[1];
}

const onTable =
  (action: string) =>
  (input: CommandInput, { callSite }: { callSite: Frame }): IamRequest[] => {
    const table = tableOf(callSite);
    return [request(`dynamodb:${action}`, input.IndexName ? `${table}/index/${input.IndexName}` : table)];
  };

const TRANSACT_ACTIONS: Readonly<Record<string, string>> = {
  Put: "PutItem",
  Delete: "DeleteItem",
  Update: "UpdateItem",
  ConditionCheck: "ConditionCheckItem",
};

export const dynamodb: ServiceMapping = {
  client: "DynamoDBClient",
  account: "own",
  commands: {
    GetItem: onTable("GetItem"),
    PutItem: onTable("PutItem"),
    DeleteItem: onTable("DeleteItem"),
    UpdateItem: onTable("UpdateItem"),
    Query: onTable("Query"),
    Scan: onTable("Scan"),
    BatchGetItem: onTable("BatchGetItem"),
    BatchWriteItem: onTable("BatchWriteItem"),
    DescribeTable: onTable("DescribeTable"),
    TransactWriteItems: (input, { callSite }) =>
      (input.TransactItems as Record<string, unknown>[]).flatMap((item) =>
        Object.keys(item).map((kind) => {
          const action = TRANSACT_ACTIONS[kind];
          if (!action)
            throw new Error(
              `TransactWriteItems item of kind ${kind}: map it in tests/iam/mapping/dynamodb.ts`,
            );
          return request(`dynamodb:${action}`, tableOf(callSite));
        }),
      ),
    TransactGetItems: (input, { callSite }) =>
      (input.TransactItems as unknown[]).map(() => request("dynamodb:GetItem", tableOf(callSite))),
  },
};
