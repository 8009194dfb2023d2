/** An error shaped as the AWS SDK clients throw them: matched by `name`, 5xx as a server fault. */
export function awsError(name: string, { status = 400, message = name } = {}) {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
}

/** The inputs of mocked SDK calls, in call order (`mock.commandCalls(Command)`). */
export const inputsOf = <T>(calls: { args: [{ input: T }] }[]) => calls.map((call) => call.args[0].input);
