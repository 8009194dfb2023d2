import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseFreePriority } from "./rulePriority.ts";

describe("chooseFreePriority", () => {
  it("given taken priorities, picks a free one within 1..capacity, or null when all are taken", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 1, max: 120 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (capacity, takenList, roll) => {
          const taken = new Set(takenList.filter((priority) => priority <= capacity));
          const chosen = chooseFreePriority(taken, capacity, () => roll);
          if (taken.size === capacity) return chosen === null;
          return chosen !== null && chosen >= 1 && chosen <= capacity && !taken.has(chosen);
        },
      ),
    );
  });

  it("spreads concurrent choosers over the free priorities instead of all taking the lowest", () => {
    const taken = new Set([1, 2, 3]);
    expect(chooseFreePriority(taken, 10, () => 0)).toBe(4);
    expect(chooseFreePriority(taken, 10, () => 0.999)).toBe(10);
    expect(chooseFreePriority(taken, 10, () => 0.5)).toBe(7);
    expect(chooseFreePriority(new Set([1, 2]), 2, () => 0.5)).toBeNull();
    // A random source that returns 1 (outside [0, 1)) still gets the last free priority.
    expect(chooseFreePriority(taken, 10, () => 1)).toBe(10);
  });
});
