import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseFreePriority } from "./rulePriority.ts";

describe("chooseFreePriority", () => {
  it("given taken priorities, picks a free one within the range, or null when all are taken", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 1, max: 400 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (offset, capacity, takenList, roll) => {
          const range = { first: offset + 1, last: offset + capacity };
          const taken = new Set(takenList);
          const takenInRange = [...taken].filter((p) => p >= range.first && p <= range.last).length;
          const chosen = chooseFreePriority(taken, range, () => roll);
          if (takenInRange === capacity) return chosen === null;
          return chosen !== null && chosen >= range.first && chosen <= range.last && !taken.has(chosen);
        },
      ),
    );
  });

  it("never picks below the range, where the ALB's own rules are", () => {
    const range = { first: 11, last: 20 };
    expect(chooseFreePriority(new Set(), range, () => 0)).toBe(11);
    expect(chooseFreePriority(new Set(), range, () => 0.999)).toBe(20);
    expect(chooseFreePriority(new Set([11, 12]), range, () => 0)).toBe(13);
  });

  it("spreads concurrent choosers over the free priorities instead of all taking the lowest", () => {
    const taken = new Set([1, 2, 3]);
    const range = { first: 1, last: 10 };
    expect(chooseFreePriority(taken, range, () => 0)).toBe(4);
    expect(chooseFreePriority(taken, range, () => 0.999)).toBe(10);
    expect(chooseFreePriority(taken, range, () => 0.5)).toBe(7);
    expect(chooseFreePriority(new Set([1, 2]), { first: 1, last: 2 }, () => 0.5)).toBeNull();
    // A random source that returns 1 (outside [0, 1)) still gets the last free priority.
    expect(chooseFreePriority(taken, range, () => 1)).toBe(10);
  });
});
