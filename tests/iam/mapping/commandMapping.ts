import type { Frame } from "../callSite.ts";
import type { IamRequest } from "../iamRequest.ts";

/** What a mapping knows about a call besides its input: the code that made it. */
export interface CallContext {
  /** The innermost non-test frame: the adapter that called `send`. */
  readonly callSite: Frame;
}

// biome-ignore lint/suspicious/noExplicitAny: command inputs are the SDK's, checked by the SDK's types where they are built
export type CommandInput = any;
export type CommandMapper = (input: CommandInput, call: CallContext) => IamRequest[];

/** One AWS service: how each of its SDK commands becomes the IAM request(s) AWS evaluates. */
export interface ServiceMapping {
  /** The SDK client class whose commands this maps, e.g. `DynamoDBClient`. */
  readonly client: string;
  /** Own: the function's role in the control plane's account; workload: the role it assumes in the environment's. */
  readonly account: "own" | "workload";
  readonly commands: Readonly<Record<string, CommandMapper>>;
}

export const request = (
  action: string,
  resource: string,
  context: IamRequest["context"] = {},
  implied?: string,
): IamRequest => ({ action, resource, context, ...(implied ? { implied } : {}) });
