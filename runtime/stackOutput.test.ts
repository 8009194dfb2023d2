import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createStackOutput } from "./stackOutput.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-output-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A stream whose reader is gone: every write fails as a pipe without a reader does. */
function brokenPipe(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    },
  });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("stack output", () => {
  it("writes lines to stdout and stderr while they work", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const output = createStackOutput({ stdout, stderr });
    output.say("hello");
    output.log('{"level":"warn"}');
    await settle();
    expect(stdout.read()?.toString()).toBe("hello\n");
    expect(stderr.read()?.toString()).toBe('{"level":"warn"}\n');
    expect(output.gone).toBe(false);
  });

  it("survives EPIPE and sends the failed line and all later ones to the fallback file", async () => {
    const file = join(directory, "epipe.log");
    const output = createStackOutput({ stdout: brokenPipe(), stderr: new PassThrough() });
    output.fallBackTo(file);
    output.say("stopping");
    await settle();
    output.log("a log line");
    output.say("stopped");
    await settle();
    expect(output.gone).toBe(true);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines[0]).toMatch(/the output stream failed \(EPIPE\)/);
    expect(lines.slice(1)).toEqual(["stopping", "a log line", "stopped", ""]);
  });

  it("absorbs a failed write that bypassed it (console, a library): no uncaught error", async () => {
    const stderr = brokenPipe();
    const output = createStackOutput({ stdout: new PassThrough(), stderr });
    stderr.write("someone else's line\n");
    await settle();
    expect(output.gone).toBe(true);
    // Without a fallback file lines are dropped, never thrown.
    expect(() => output.say("after")).not.toThrow();
  });
});
