import { describe, expect, it } from "vitest";
import { resolvePriorityRange } from "./priorityRange.ts";

describe("resolvePriorityRange: one ALB's tenant priorities", () => {
  it("by default, 1..100: the whole quota", () => {
    expect(resolvePriorityRange({})).toEqual({ ok: true, range: { first: 1, last: 100, capacity: 100 } });
  });

  it("after the ALB's own rules: an offset, and the quota left by them", () => {
    expect(resolvePriorityRange({ priorityOffset: 10, ownRules: 4 })).toEqual({
      ok: true,
      range: { first: 11, last: 106, capacity: 96 },
    });
    expect(resolvePriorityRange({ priorityOffset: 1000, capacity: 50, ownRules: 50 })).toEqual({
      ok: true,
      range: { first: 1001, last: 1050, capacity: 50 },
    });
  });

  it("reaches exactly 50,000 and no further", () => {
    expect(resolvePriorityRange({ priorityOffset: 49_900, capacity: 100 })).toMatchObject({
      ok: true,
      range: { first: 49_901, last: 50_000 },
    });
    expect(resolvePriorityRange({ priorityOffset: 49_950 })).toMatchObject({
      ok: true,
      range: { first: 49_951, last: 50_000, capacity: 50 },
    });
    expect(resolvePriorityRange({ priorityOffset: 49_901, capacity: 100 })).toEqual({
      ok: false,
      problem:
        "priorities 49902..50001 go past 50000, the highest listener rule priority: lower priorityOffset or capacity",
    });
  });

  it.each([
    [
      { capacity: 97, ownRules: 4 },
      "capacity 97 exceeds the ALB's rule quota: 100 rules minus its 4 own rules leaves 96",
    ],
    [
      { capacity: 101 },
      "capacity 101 exceeds the ALB's rule quota: 100 rules minus its 0 own rules leaves 100",
    ],
    [{ capacity: 0 }, "capacity must be a whole number of at least 1, not 0"],
    [{ capacity: 2.5 }, "capacity must be a whole number of at least 1, not 2.5"],
    [{ priorityOffset: -1 }, "priorityOffset must be a whole number from 0 to 49999, not -1"],
    [{ priorityOffset: 50_000 }, "priorityOffset must be a whole number from 0 to 49999, not 50000"],
    [
      { ownRules: 100 },
      "ownRules must be a whole number from 0 to 99 (the ALB's quota is 100 rules), not 100",
    ],
  ])("refuses %o: %s", (settings, problem) => {
    expect(resolvePriorityRange(settings)).toEqual({ ok: false, problem });
  });
});
