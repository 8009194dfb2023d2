import { describe, expect, it } from "vitest";
import { REPLAY_NAME_PATTERN, replayName } from "./replayName.ts";

describe("replayName", () => {
  it("is the compact UTC time and 8 hex characters of the seed, within EventBridge's rule", () => {
    const name = replayName(Date.parse("2026-11-22T10:04:05.678Z"), "1A2B3C4D-5e6f-8a9b-8c0d-112233445566");
    expect(name).toBe("bbws-replay-20261122T100405Z-1a2b3c4d");
    expect(REPLAY_NAME_PATTERN.test(name)).toBe(true);
    expect(name.length).toBeLessThanOrEqual(64);
  });

  it("differs for two seeds in the same second", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(replayName(now, "aaaaaaaa")).not.toBe(replayName(now, "bbbbbbbb"));
  });
});
