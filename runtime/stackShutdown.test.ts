import { describe, expect, it } from "vitest";
import { createStackShutdown } from "./stackShutdown.ts";

/** A stack whose orderly stop finishes (or fails) when the test says, with a timer the test fires. */
function given() {
  const calls: string[] = [];
  let finishStop: (outcome?: Error) => void = () => {};
  let fireTimer: () => void = () => {};
  const shutdown = createStackShutdown({
    stop: () => {
      calls.push("stop");
      return new Promise<void>((resolve, reject) => {
        finishStop = (outcome) => (outcome ? reject(outcome) : resolve());
      });
    },
    killNow: () => calls.push("killNow"),
    exit: (code) => calls.push(`exit ${code}`),
    say: () => {},
    boundMs: 60_000,
    setTimer: (run) => {
      fireTimer = run;
    },
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    shutdown,
    calls,
    finishStop: (outcome?: Error) => finishStop(outcome),
    fireTimer: () => fireTimer(),
    settle,
  };
}

describe("stack shutdown", () => {
  it("runs the orderly stop once, then kills what is left and exits 0", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onSignal("SIGINT");
    const again = shutdown.begin(0, "SIGTERM");
    expect(calls).toEqual(["stop"]);
    finishStop();
    await again;
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
    await settle();
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
  });

  it("SIGHUP is a signal like the others", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onSignal("SIGHUP");
    finishStop();
    await settle();
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
  });

  it("a second signal kills the php groups at once and exits, without waiting for the stop", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onSignal("SIGINT");
    shutdown.onSignal("SIGINT");
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
    finishStop();
    await settle();
    expect(calls.filter((call) => call.startsWith("exit"))).toEqual(["exit 0"]);
  });

  it("an orderly stop that outlives its bound is hurried", () => {
    const { shutdown, calls, fireTimer } = given();
    shutdown.onSignal("SIGTERM");
    fireTimer();
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
  });

  it("a failing orderly stop still kills the php groups and exits", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onSignal("SIGINT");
    finishStop(new Error("DynamoDB Local would not stop"));
    await settle();
    expect(calls).toEqual(["stop", "killNow", "exit 0"]);
  });

  it("a crash stops the stack and exits 1", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onCrash(new Error("boom"));
    finishStop();
    await settle();
    expect(calls).toEqual(["stop", "killNow", "exit 1"]);
  });

  it("a crash during the stop lets it finish and makes the exit code 1", async () => {
    const { shutdown, calls, finishStop, settle } = given();
    shutdown.onSignal("SIGINT");
    shutdown.onCrash(new Error("write EPIPE"));
    expect(calls).toEqual(["stop"]);
    finishStop();
    await settle();
    expect(calls).toEqual(["stop", "killNow", "exit 1"]);
  });
});
