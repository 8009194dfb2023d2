import { inject } from "vitest";
import { describeResourceRecordsContract } from "../testing/storeContracts.ts";
import { useLocalRecordsTable } from "../testing/useLocalRecordsTable.ts";
import { createDynamoResourceRecords } from "./createDynamoResourceRecords.ts";
import { createMemoryResourceRecords } from "./resourceRecords.ts";

const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "records");

describeResourceRecordsContract("memory", () => createMemoryResourceRecords());
// One table for the suite: each test uses keys of its own.
describeResourceRecordsContract("dynamodb-local", () =>
  createDynamoResourceRecords({ client: dynamo, tableName }),
);
