/** One AWS SDK call made by code under test, as the recorder saw it (tests/setup/recordAwsCalls.ts). */
export interface RecordedCall {
  /** The SDK client class, e.g. `DynamoDBClient`. */
  readonly client: string;
  /** The command class, e.g. `PutItemCommand`. */
  readonly command: string;
  readonly input: unknown;
  /** The V8 stack at the moment of the call: the call site and who composed it. */
  readonly stack: string;
  /** Repository-relative path of the test file that made the call happen. */
  readonly testFile: string;
  readonly testName: string;
}
