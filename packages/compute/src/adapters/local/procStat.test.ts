import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { clockTicksPerSecond, cpuSecondsOf, parseProcStat, readProcStat } from "./procStat.ts";

// A real line of php -S (proc(5) fields 1-17, then the rest), with utime 1234 and stime 56.
const PHP_LINE =
  "4242 (php) S 4240 4240 4240 0 -1 4194624 9112 0 0 0 1234 56 7 8 20 0 1 0 5021 201326592 7077 " +
  "18446744073709551615 1 1 0 0 0 0 0 4096 67108864 0 0 0 17 3 0 0 0 0 0\n";

describe("parseProcStat", () => {
  it("reads pid, comm, state, process group and utime + stime + cutime + cstime", () => {
    expect(parseProcStat(PHP_LINE)).toEqual({
      pid: 4242,
      comm: "php",
      state: "S",
      pgid: 4240,
      cpuTicks: 1234 + 56 + 7 + 8,
    });
  });

  it("splits after the last parenthesis: comm may hold spaces and parentheses", () => {
    const line = PHP_LINE.replace("(php)", "(php -S (x) y) z)");
    expect(parseProcStat(line)).toMatchObject({ pid: 4242, comm: "php -S (x) y) z", state: "S", pgid: 4240 });
    expect(parseProcStat(line)?.cpuTicks).toBe(1305);
  });

  it("refuses a line that is cut short or not a stat line", () => {
    expect(parseProcStat("4242 (php) S 4240 4240 4240 0 -1 4194624 9112 0 0 0 1234")).toBeUndefined();
    expect(parseProcStat("not a stat line")).toBeUndefined();
    expect(parseProcStat("")).toBeUndefined();
  });
});

describe("reading /proc", () => {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) process.kill(pid, "SIGKILL");
  });

  it("knows the clock tick rate (USER_HZ)", () => {
    expect(clockTicksPerSecond()).toBe(100);
  });

  it("counts the CPU a real php process burns, and reads nothing for a pid that does not exist", async () => {
    // Busy for 0.4 s of CPU, then idle: its CPU time stops at about 0.4 s.
    const child = spawn(
      "php",
      // Counted on its own CPU clock (getrusage), not the wall clock: a loaded machine
      // gives it less CPU per second, never less in total.
      [
        "-r",
        '$cpu = function () { $u = getrusage(); return $u["ru_utime.tv_sec"] + $u["ru_utime.tv_usec"] / 1e6 + $u["ru_stime.tv_sec"] + $u["ru_stime.tv_usec"] / 1e6; }; while ($cpu() < 0.4) {} sleep(30);',
      ],
      {
        detached: true,
        stdio: "ignore",
      },
    );
    const pid = child.pid!;
    started.push(pid);
    expect(readProcStat(pid)).toMatchObject({ pid, comm: "php", pgid: pid });
    const deadline = Date.now() + 15_000;
    const cpu = () => cpuSecondsOf([readProcStat(pid)!]);
    const idle = () => readProcStat(pid)?.state === "S" && cpu() >= 0.35;
    while (!idle() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const used = cpu();
    expect(used).toBeGreaterThanOrEqual(0.35);
    expect(used).toBeLessThan(1.5);
    expect(readProcStat(2 ** 22 + 1)).toBeUndefined();
  });
});
