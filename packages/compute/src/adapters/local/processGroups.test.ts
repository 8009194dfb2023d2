import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { groupsByEnvironment } from "./processGroups.ts";

const VARIABLE = "BBWS_PROCESS_GROUPS_TEST";
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
});

/** A sleeping process; spawn returns once it has exec'd, so /proc shows its own environment. */
function sleeper(environment: Record<string, string>, detached: boolean): ChildProcess {
  const child = spawn("sleep", ["60"], {
    env: { ...process.env, ...environment },
    detached,
    stdio: "ignore",
  });
  started.push(child);
  return child;
}

describe.runIf(process.platform === "linux")("groupsByEnvironment", () => {
  it("finds the groups whose processes carry the variable with an accepted value, never our own", () => {
    const tenant = randomUUID();
    const leader = sleeper({ [VARIABLE]: tenant }, true);
    sleeper({ [VARIABLE]: tenant }, false); // in our own group, like the installer
    sleeper({ [VARIABLE]: randomUUID() }, true); // another value
    sleeper({}, true); // no variable

    const groups = groupsByEnvironment(VARIABLE, (value) => value === tenant);
    expect([...groups]).toEqual([[tenant, [leader.pid]]]);
  });
});
