import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { groupMembers, groupsByEnvironment, stopGroup } from "./processGroups.ts";

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

describe.runIf(process.platform === "linux")("stopGroup", () => {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  it("ends a member the group forked while it was dying, not only the members it knew", async () => {
    // On SIGTERM the shell leaves a new member behind and exits: the members seen first all end.
    const shell = spawn("sh", ["-c", 'trap "sleep 60 & exit 0" TERM; while :; do sleep 0.05; done'], {
      detached: true,
      stdio: "ignore",
    });
    started.push(shell);
    const pgid = shell.pid ?? 0;
    while (groupMembers(pgid).length < 2) await sleep(10); // the shell and its first sleep

    await stopGroup(pgid, { graceMs: 1_000, sleep });
    expect(groupMembers(pgid)).toEqual([]);
  });

  it("kills what ignores SIGTERM once the grace period is over", async () => {
    const stubborn = spawn("sh", ["-c", 'trap "" TERM; sleep 60 & wait'], {
      detached: true,
      stdio: "ignore",
    });
    started.push(stubborn);
    const pgid = stubborn.pid ?? 0;
    while (groupMembers(pgid).length < 2) await sleep(10);

    await stopGroup(pgid, { graceMs: 100, sleep });
    expect(groupMembers(pgid)).toEqual([]);
  });
});
