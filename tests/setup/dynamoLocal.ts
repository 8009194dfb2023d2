/**
 * Vitest globalSetup: one in-memory DynamoDB Local for the whole test run. Test
 * files read its URL with `inject("dynamoEndpoint")` and create their own
 * uniquely named table.
 */
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../runtime/dynamoLocal.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoLocal();
  provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
