/**
 * The variables that set a process's clock, to pass to a child started with a
 * scrubbed environment. Under libfaketime (`npm run test:future`) a child must run
 * on the same clock as its parent: cognito-local mints tokens the tests verify, the AWS
 * CLI signs requests the local endpoint checks. (Tenants' php keeps the real clock.)
 */
export function clockEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && isClockVariable(entry[0]),
    ),
  );
}

function isClockVariable(name: string): boolean {
  return name === "TZ" || name === "LD_PRELOAD" || name.startsWith("FAKETIME");
}
