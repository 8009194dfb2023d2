import { describe, expect, it } from "vitest";
import { canTransition, INSTANCE_STATES, OPERATION_RULES, stagesOf, TRANSITIONS } from "./stateMachine.ts";

const MINUTE = 60_000;
const ALL_BUT_DEPROVISIONED = INSTANCE_STATES.filter((state) => state !== "DEPROVISIONED");

/**
 * The operations table of docs/state-machine.md, stated here by hand: the doc is generated from
 * OPERATION_RULES, so only this test notices when an entry of the table itself changes.
 */
const EXPECTED = {
  provision: {
    allowedFrom: [],
    during: "PROVISIONING",
    onSuccess: "ACTIVE",
    stages: [["identity", "storage", "routing"], ["compute"]],
    minutes: 15,
  },
  suspend: { allowedFrom: ["ACTIVE"], onSuccess: "SUSPENDED", stages: [["compute", "routing"]], minutes: 2 },
  resume: { allowedFrom: ["SUSPENDED"], onSuccess: "ACTIVE", stages: [["compute", "routing"]], minutes: 5 },
  scale: { allowedFrom: ["ACTIVE"], stages: [["compute"]], minutes: 10 },
  updateImage: { allowedFrom: ["ACTIVE"], stages: [["compute"]], minutes: 15 },
  restart: { allowedFrom: ["ACTIVE"], stages: [["compute"]], minutes: 10 },
  backup: { allowedFrom: ALL_BUT_DEPROVISIONED, stages: [["storage"]], minutes: 30 },
  restore: {
    allowedFrom: ["ACTIVE", "SUSPENDED"],
    stages: [["compute", "routing"], ["storage"], ["compute", "routing"]],
    minutes: 30,
  },
  rotateCredentials: {
    allowedFrom: ["ACTIVE"],
    stages: [["storage"], ["compute"], ["storage"]],
    minutes: 15,
  },
  deprovision: {
    allowedFrom: ["ACTIVE", "SUSPENDED", "FAILED", "PENDING_DEPRO"],
    during: "PENDING_DEPRO",
    onSuccess: "DEPROVISIONED",
    stages: [["routing"], ["compute"], ["identity"], ["storage"]],
    minutes: 10,
  },
} as const;

describe("the operations table", () => {
  it.each(Object.entries(EXPECTED))("given %s, then its rule is the table's row", (kind, row) => {
    const rule = OPERATION_RULES[kind as keyof typeof EXPECTED];
    expect([...rule.allowedFrom].sort()).toEqual([...row.allowedFrom].sort());
    expect(rule.during).toBe("during" in row ? row.during : undefined);
    expect(rule.onSuccess).toBe("onSuccess" in row ? row.onSuccess : undefined);
    expect(rule.stages).toEqual(row.stages);
    expect(rule.deadlineMs).toBe(row.minutes * MINUTE);
  });

  it("given a suspended instance, when it is restored, then storage alone restores it in place", () => {
    expect(stagesOf("restore", "SUSPENDED")).toEqual([["storage"]]);
    expect(stagesOf("restore", "ACTIVE")).toEqual(EXPECTED.restore.stages);
    expect(Object.keys(OPERATION_RULES.restore.stagesFrom ?? {})).toEqual(["SUSPENDED"]);
  });

  it("given an operation without other stages per state, then it runs its own stages from any state", () => {
    expect(stagesOf("suspend", "ACTIVE")).toEqual([["compute", "routing"]]);
    expect(stagesOf("backup", "FAILED")).toEqual([["storage"]]);
  });
});

/** Every state change the ledger may make, as FROM>TO. */
const CHANGES = [
  "(new)>PENDING_PROVISIONING",
  "PENDING_PROVISIONING>PROVISIONING",
  "PROVISIONING>ACTIVE",
  "PENDING_PROVISIONING>ROLLING_BACK",
  "PROVISIONING>ROLLING_BACK",
  "ROLLING_BACK>FAILED",
  "ACTIVE>SUSPENDED",
  "SUSPENDED>ACTIVE",
  "ACTIVE>PENDING_DEPRO",
  "SUSPENDED>PENDING_DEPRO",
  "FAILED>PENDING_DEPRO",
  "PENDING_DEPRO>DEPROVISIONED",
  "PENDING_DEPRO>PENDING_DEPRO",
];

describe("the transitions", () => {
  it("given the table, then it holds exactly the HLD's state changes", () => {
    expect(new Set(TRANSITIONS.map(({ from, to }) => `${from}>${to}`))).toEqual(new Set(CHANGES));
  });

  it("given any two states, then canTransition is true only for a listed change", () => {
    for (const from of INSTANCE_STATES)
      for (const to of INSTANCE_STATES)
        expect({ from, to, ok: canTransition(from, to) }).toEqual({
          from,
          to,
          ok: CHANGES.includes(`${from}>${to}`),
        });
  });

  it("given any transition, then it says what triggers it (the diagram's label)", () => {
    for (const transition of TRANSITIONS) expect(transition.trigger, transition.to).toMatch(/\w{3,}/);
  });
});
