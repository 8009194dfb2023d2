import { describe, expect, it } from "vitest";
import { COMPENSATION_RULES } from "./compensation.ts";
import { sourceOf } from "./envelope.ts";
import { OPERATION_RULES } from "./stateMachine.ts";
import { SUBSCRIPTIONS } from "./subscriptions.ts";

/** The compensation table of docs/state-machine.md, stated by hand (the doc is generated from the data). */
const EXPECTED = {
  suspend: "rollBack ResumeRequested compute+routing -> (start) | SUSPENDED resume",
  resume: "rollBack SuspendRequested compute+routing -> (start) | SUSPENDED resume",
  scale: "rollBack ScaleRequested compute -> (start) | ACTIVE scale",
  updateImage: "rollBack ImageUpdateRequested compute -> (start) | ACTIVE updateImage",
  restart: "none",
  backup: "none",
  restore: "rollForward SuspendRequested compute+routing -> SUSPENDED | SUSPENDED resume",
  rotateCredentials: "rollBack CredentialsRotationRequested storage -> (start) | ACTIVE rotateCredentials",
};

const entries = Object.entries(COMPENSATION_RULES);

function receives(service: string, request: string): boolean {
  return SUBSCRIPTIONS.some(
    ({ consumer, pattern }) =>
      consumer === service &&
      JSON.stringify(pattern.source) === JSON.stringify([sourceOf("ledger")]) &&
      (pattern["detail-type"] as readonly string[] | undefined)?.includes(request),
  );
}

describe("the compensation table", () => {
  it("given every lifecycle operation, then its rule is the table's row", () => {
    const rows = Object.fromEntries(
      entries.map(([kind, rule]) => [
        kind,
        rule.undo
          ? `${rule.strategy} ${rule.undo.request} ${rule.undo.services.join("+")} -> ${rule.undoneState ?? "(start)"} | ${rule.ifUndoFails?.state} ${rule.ifUndoFails?.repair}`
          : rule.strategy,
      ]),
    );
    expect(rows).toEqual(EXPECTED);
  });

  it("given an undo, then every service that must confirm it receives its request", () => {
    for (const [kind, rule] of entries)
      for (const service of rule.undo?.services ?? [])
        expect({ kind, service, receives: receives(service, rule.undo?.request ?? "") }).toMatchObject({
          receives: true,
        });
  });

  it("given an undo, then it touches only services the operation itself touched", () => {
    for (const [kind, rule] of entries) {
      const touched = OPERATION_RULES[kind as keyof typeof COMPENSATION_RULES].stages.flat();
      for (const service of rule.undo?.services ?? []) expect(touched, kind).toContain(service);
    }
  });

  it("given a failed undo, then the repair it names is allowed from the state it records", () => {
    for (const [kind, rule] of entries) {
      if (!rule.ifUndoFails) continue;
      const { state, repair } = rule.ifUndoFails;
      expect(OPERATION_RULES[repair].allowedFrom, `${kind}: ${repair} from ${state}`).toContain(state);
    }
  });

  it("given a strategy, then an undo is there exactly when something is put back, with what a failed one leaves", () => {
    for (const [kind, rule] of entries) {
      const undoes = rule.strategy !== "none";
      expect({ kind, undo: rule.undo !== undefined, fallback: rule.ifUndoFails !== undefined }).toEqual({
        kind,
        undo: undoes,
        fallback: undoes,
      });
      expect(rule.why.length, kind).toBeGreaterThan(20);
    }
  });
});
