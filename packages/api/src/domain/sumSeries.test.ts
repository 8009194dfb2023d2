import { describe, expect, it } from "vitest";
import { sumSeries } from "./sumSeries.ts";

const t1 = "2026-11-22T10:00:00.000Z";
const t2 = "2026-11-22T10:05:00.000Z";
const t3 = "2026-11-22T10:10:00.000Z";

describe("sumSeries", () => {
  it("adds the points with the same timestamp per series name, Percent included", () => {
    const dev = [
      {
        name: "CPUUtilization",
        unit: "Percent",
        points: [
          { timestamp: t2, value: 40 },
          { timestamp: t1, value: 10 },
        ],
      },
      { name: "RequestCount", unit: "Count", points: [{ timestamp: t1, value: 7 }] },
    ];
    const prod = [
      {
        name: "CPUUtilization",
        unit: "Percent",
        points: [
          { timestamp: t2, value: 40 },
          { timestamp: t3, value: 5 },
        ],
      },
    ];
    expect(sumSeries([dev, prod])).toEqual([
      {
        name: "CPUUtilization",
        unit: "Percent",
        points: [
          { timestamp: t1, value: 10 },
          { timestamp: t2, value: 80 },
          { timestamp: t3, value: 5 },
        ],
      },
      { name: "RequestCount", unit: "Count", points: [{ timestamp: t1, value: 7 }] },
    ]);
  });

  it("is empty without instances", () => {
    expect(sumSeries([])).toEqual([]);
    expect(sumSeries([[], []])).toEqual([]);
  });
});
