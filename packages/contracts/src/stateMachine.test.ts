import { describe, expect, it } from "vitest";
import {
  allowedOperations,
  canTransition,
  INSTANCE_STATES,
  OPERATION_KINDS,
  OPERATION_RULES,
  TRANSITIONS,
} from "./stateMachine.ts";

describe("instance state machine", () => {
  it("reaches every state from (new)", () => {
    const reached = new Set<string>(["(new)"]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const { from, to } of TRANSITIONS) {
        if (reached.has(from) && !reached.has(to)) {
          reached.add(to);
          changed = true;
        }
      }
    }
    expect([...reached].filter((state) => state !== "(new)").sort()).toEqual([...INSTANCE_STATES].sort());
  });

  it("leaves DEPROVISIONED for nothing", () => {
    expect(TRANSITIONS.filter((t) => t.from === "DEPROVISIONED")).toEqual([]);
    expect(allowedOperations("DEPROVISIONED")).toEqual([]);
  });

  it("backs every operation's state change with a transition", () => {
    for (const kind of OPERATION_KINDS) {
      const rule = OPERATION_RULES[kind];
      for (const from of rule.allowedFrom) {
        const target = rule.during ?? rule.onSuccess ?? from;
        if (target !== from)
          expect({ kind, from, target, ok: canTransition(from, target) }).toMatchObject({ ok: true });
      }
    }
  });

  it("follows the HLD: suspend only from ACTIVE, resume only from SUSPENDED", () => {
    expect(allowedOperations("ACTIVE")).toContain("suspend");
    expect(allowedOperations("SUSPENDED")).not.toContain("suspend");
    expect(allowedOperations("SUSPENDED")).toContain("resume");
    // Backup is allowed in any state but DEPROVISIONED (seed 004); a running operation still answers 409.
    expect(allowedOperations("PROVISIONING")).toEqual(["backup"]);
    expect(allowedOperations("DEPROVISIONED")).toEqual([]);
  });

  it("has the HLD deadlines", () => {
    expect(OPERATION_RULES.provision.deadlineMs).toBe(15 * 60_000);
    expect(OPERATION_RULES.suspend.deadlineMs).toBe(2 * 60_000);
    expect(OPERATION_RULES.resume.deadlineMs).toBe(5 * 60_000);
    expect(OPERATION_RULES.deprovision.deadlineMs).toBe(10 * 60_000);
  });

  it("deprovisions routing first and storage last", () => {
    expect(OPERATION_RULES.deprovision.stages.flat()).toEqual(["routing", "compute", "identity", "storage"]);
  });
});
