import { describe, expect, it } from "vitest";
import { clockEnvironment } from "./clockEnvironment.ts";

describe("clockEnvironment", () => {
  it("keeps only what sets the clock", () => {
    const env = {
      TZ: "UTC",
      LD_PRELOAD: "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
      FAKETIME: "+365d",
      FAKETIME_FORCE_MONOTONIC_FIX: "1",
      NODE_OPTIONS: "--require x",
      AWS_SECRET_ACCESS_KEY: "secret",
      HOME: undefined,
    };
    expect(clockEnvironment(env)).toEqual({
      TZ: "UTC",
      LD_PRELOAD: "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
      FAKETIME: "+365d",
      FAKETIME_FORCE_MONOTONIC_FIX: "1",
    });
  });
});
