import { currentHealthStatus, type HealthObservation, type HealthStatus } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { activeInstance, stepDone } from "../testing/lifecycleSteps.ts";
import { command, event, names, provisionCommand, run } from "../testing/scenario.ts";

const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, "0")}:00.000Z`;

function observed(status: HealthStatus, minute: number, extra: Partial<HealthObservation> = {}) {
  return event(
    "HealthObserved",
    { status, observedAt: at(minute), observer: "live-check", ...extra },
    extra.observer === "sweep" ? "ledger" : "api",
  );
}

describe("health beside the lifecycle state", () => {
  it("given a freshly activated instance, then it counts as HEALTHY (its activation report)", () => {
    expect(currentHealthStatus(activeInstance())).toBe("HEALTHY");
  });

  it("given an ACTIVE instance, when the site stops answering, then it is UNHEALTHY and InstanceDown is emitted", () => {
    const { record, emits } = run(
      [observed("UNHEALTHY", 5, { reason: "http: answered 502" })],
      activeInstance(),
    );
    expect(record?.state).toBe("ACTIVE");
    expect(record?.health).toEqual({
      status: "UNHEALTHY",
      since: at(5),
      lastCheckedAt: at(5),
      observer: "live-check",
      reason: "http: answered 502",
    });
    expect(emits).toEqual([
      { name: "InstanceDown", data: { previous: "HEALTHY", since: at(5), reason: "http: answered 502" } },
    ]);
  });

  it("when it serves again, then InstanceRecovered names the status it left", () => {
    const { record, emits } = run(
      [observed("UNHEALTHY", 5), observed("HEALTHY", 7, { observer: "supervisor" })],
      activeInstance(),
    );
    expect(record?.health).toMatchObject({ status: "HEALTHY", since: at(7), observer: "supervisor" });
    expect(names(emits)).toEqual(["InstanceDown", "InstanceRecovered"]);
    expect(emits[1]?.data).toEqual({ previous: "UNHEALTHY", since: at(7) });
  });

  it("when a recorded resource is missing, then InstanceDegraded carries the drift", () => {
    const drift = ["storage:database-user"];
    const { record, emits } = run(
      [observed("DEGRADED", 5, { reason: "drift: storage:database-user is missing", drift })],
      activeInstance(),
    );
    expect(record?.health?.drift).toEqual(drift);
    expect(emits).toEqual([
      {
        name: "InstanceDegraded",
        data: { previous: "HEALTHY", since: at(5), reason: "drift: storage:database-user is missing", drift },
      },
    ]);
  });

  it("when the same status is seen again, then `since` stays, the last check moves, nothing is emitted", () => {
    const { record, emits } = run(
      [observed("DEGRADED", 5), observed("DEGRADED", 9, { reason: "1 of 2 tasks running" })],
      activeInstance(),
    );
    expect(record?.health).toMatchObject({
      status: "DEGRADED",
      since: at(5),
      lastCheckedAt: at(9),
      reason: "1 of 2 tasks running",
    });
    expect(names(emits)).toEqual(["InstanceDegraded"]);
  });

  it("when an older observation arrives after a newer one, then it is ignored", () => {
    const newer = run([observed("UNHEALTHY", 9)], activeInstance());
    const late = run([observed("HEALTHY", 5)], newer.record);
    expect(late.record).toBe(newer.record);
    expect(late.emits).toEqual([]);
  });

  it("when HEALTHY follows UNKNOWN, then nothing is emitted (there was no incident to recover from)", () => {
    const { record, emits } = run([observed("UNKNOWN", 5), observed("HEALTHY", 6)], activeInstance());
    expect(record?.health?.status).toBe("HEALTHY");
    expect(emits).toEqual([]);
  });

  it("given a SUSPENDED instance, when its site does not answer, then it is not alarmed", () => {
    const suspend = command("suspend");
    const suspended = run(
      [
        suspend,
        stepDone(suspend.operationId, "suspend", "compute"),
        stepDone(suspend.operationId, "suspend", "routing"),
      ],
      activeInstance(),
    ).record;
    expect(suspended?.state).toBe("SUSPENDED");
    const { record, emits } = run([observed("UNHEALTHY", 5)], suspended);
    expect(record).toBe(suspended);
    expect(emits).toEqual([]);
  });

  it("given an instance still provisioning, then an observation changes nothing", () => {
    const provisioning = run([provisionCommand()]).record;
    expect(provisioning?.state).toBe("PENDING_PROVISIONING");
    const { record, emits } = run([observed("UNHEALTHY", 5)], provisioning);
    expect(record).toBe(provisioning);
    expect(emits).toEqual([]);
  });
});

describe("a task stopped (ECS or the local supervisor)", () => {
  const stopped = (runningCount: number, desiredCount = 2) =>
    event(
      "TaskStopped",
      {
        taskId: "php-group:4242",
        stoppedAt: at(5),
        stoppedReason: "killed by signal 9",
        desiredCount,
        runningCount,
        observer: "supervisor",
      },
      "compute",
    );

  it("when none runs, then UNHEALTHY with the stop's reason", () => {
    const { record, emits } = run([stopped(0)], activeInstance());
    expect(record?.health).toMatchObject({
      status: "UNHEALTHY",
      observer: "supervisor",
      reason: "0 of 2 tasks running; php-group:4242 stopped: killed by signal 9",
    });
    expect(names(emits)).toEqual(["InstanceDown"]);
  });

  it("when some still run, then DEGRADED", () => {
    expect(run([stopped(1)], activeInstance()).record?.health?.status).toBe("DEGRADED");
  });

  it("when ECS already runs as many as desired, then nothing changes", () => {
    const active = activeInstance();
    expect(run([stopped(2)], active).record).toBe(active);
  });
});

describe("an instance that stays UNHEALTHY", () => {
  it("given UNHEALTHY since minute 5, when it is still down at minute 19, then no alarm yet", () => {
    const { emits } = run([observed("UNHEALTHY", 5), observed("UNHEALTHY", 19)], activeInstance());
    expect(names(emits)).toEqual(["InstanceDown"]);
  });

  it("when it is still down 15 minutes after, then InstanceStillDown once, until it recovers", () => {
    const reason = { reason: "http: answered 502" };
    const { record, emits } = run(
      [
        observed("UNHEALTHY", 5, reason),
        observed("UNHEALTHY", 20, reason),
        observed("UNHEALTHY", 40, reason),
        observed("HEALTHY", 41),
        observed("UNHEALTHY", 42),
        observed("UNHEALTHY", 58),
      ],
      activeInstance(),
    );
    expect(names(emits)).toEqual([
      "InstanceDown",
      "InstanceStillDown",
      "InstanceRecovered",
      "InstanceDown",
      "InstanceStillDown",
    ]);
    expect(emits[1]?.data).toEqual({ since: at(5), downForMinutes: 15, reason: "http: answered 502" });
    expect(record?.health).toMatchObject({ since: at(42), alarmedAt: at(58) });
  });

  it("a DEGRADED spell is never alarmed", () => {
    const { emits } = run([observed("DEGRADED", 5), observed("DEGRADED", 50)], activeInstance());
    expect(names(emits)).toEqual(["InstanceDegraded"]);
  });
});
