import { describe, expect, it } from "vitest";
import { createClfTime, formatClfTime } from "./clfTime.ts";

describe("clfTime", () => {
  it("formats API Gateway's requestContext.time, zero-padded, in UTC", () => {
    expect(formatClfTime(Date.parse("2026-03-04T05:06:07.890Z"))).toBe("04/Mar/2026:05:06:07 +0000");
    expect(formatClfTime(Date.parse("2026-11-22T23:59:59.999Z"))).toBe("22/Nov/2026:23:59:59 +0000");
  });

  it("answers the kept text within a second and a fresh one across each second boundary", () => {
    const clfTime = createClfTime();
    const start = Date.parse("2026-12-31T23:59:58.000Z");
    const asked = [0, 999, 1_000, 1_999, 2_000, 2_001, 1_500, 999].map((offset) => clfTime(start + offset));
    expect(asked).toEqual([
      "31/Dec/2026:23:59:58 +0000",
      "31/Dec/2026:23:59:58 +0000",
      "31/Dec/2026:23:59:59 +0000",
      "31/Dec/2026:23:59:59 +0000",
      "01/Jan/2027:00:00:00 +0000",
      "01/Jan/2027:00:00:00 +0000",
      "31/Dec/2026:23:59:59 +0000",
      "31/Dec/2026:23:59:58 +0000",
    ]);
    for (const offset of [0, 999, 1_000, 2_000, 2_001, 1_500])
      expect(clfTime(start + offset)).toBe(formatClfTime(start + offset));
  });

  it("keys by the whole second before the epoch too", () => {
    const clfTime = createClfTime();
    expect(clfTime(-1)).toBe("31/Dec/1969:23:59:59 +0000");
    expect(clfTime(0)).toBe("01/Jan/1970:00:00:00 +0000");
  });
});
