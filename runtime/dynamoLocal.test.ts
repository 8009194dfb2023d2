import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DYNAMO_LOCAL_JVM_OPTIONS, type DynamoLocal, startDynamoLocal } from "./dynamoLocal.ts";

/** The environment the java process was started with, from /proc (Linux). */
function environmentOf(pid: number | undefined): Map<string, string> {
  const raw = readFileSync(`/proc/${pid}/environ`, "utf8");
  return new Map(
    raw
      .split("\0")
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

describe("startDynamoLocal's JVM options", () => {
  let dynamo: DynamoLocal | undefined;
  const callers = process.env.JDK_JAVA_OPTIONS;
  afterEach(async () => {
    await dynamo?.stop();
    if (callers === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = callers;
  });

  it("starts java with the small heap, serial GC and C1, and leaves this process's environment as it was", async () => {
    delete process.env.JDK_JAVA_OPTIONS;
    dynamo = await startDynamoLocal();
    expect(environmentOf(dynamo.pid).get("JDK_JAVA_OPTIONS")).toBe(DYNAMO_LOCAL_JVM_OPTIONS);
    expect(DYNAMO_LOCAL_JVM_OPTIONS).toContain("-Xms16m -Xmx128m");
    expect(process.env.JDK_JAVA_OPTIONS).toBeUndefined();
  });

  it("puts the caller's own JDK_JAVA_OPTIONS after its own, so the caller's win", async () => {
    process.env.JDK_JAVA_OPTIONS = "-Xmx256m";
    dynamo = await startDynamoLocal();
    expect(environmentOf(dynamo.pid).get("JDK_JAVA_OPTIONS")).toBe(`${DYNAMO_LOCAL_JVM_OPTIONS} -Xmx256m`);
    expect(process.env.JDK_JAVA_OPTIONS).toBe("-Xmx256m");
  });
});
