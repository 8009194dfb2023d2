import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ApiError } from "../domain/errors.ts";
import { createAuthenticate } from "./authenticate.ts";

const eventWith = (authorization?: string) =>
  ({
    headers: authorization ? { authorization } : {},
    requestContext: {},
  }) as unknown as APIGatewayProxyEventV2;

describe("createAuthenticate (verify mode)", () => {
  it("verifies a token once and reuses the verdict until the token expires", async () => {
    let calls = 0;
    let now = 1_000_000;
    const verifier = {
      verify: async () => {
        calls++;
        return { sub: "u1", exp: 1_060, "cognito:groups": ["platform-viewers"] };
      },
    };
    const authenticate = createAuthenticate({ mode: "verify", verifier }, () => now);
    expect(await authenticate(eventWith("Bearer abc.def.ghi"))).toEqual({
      id: "u1",
      name: "u1",
      groups: ["platform-viewers"],
    });
    await authenticate(eventWith("Bearer abc.def.ghi"));
    expect(calls).toBe(1);
    now = 1_060_000;
    await authenticate(eventWith("Bearer abc.def.ghi"));
    expect(calls).toBe(2);
  });

  it("keeps each token's verdict apart when callers alternate, each until its own expiry", async () => {
    const verified: string[] = [];
    let now = 1_000_000;
    const verifier = {
      verify: async (token: string) => {
        verified.push(token);
        return { sub: token, exp: now / 1000 + (token === "short" ? 10 : 100) };
      },
    };
    const authenticate = createAuthenticate({ mode: "verify", verifier }, () => now);
    const callerOf = async (token: string) => (await authenticate(eventWith(`Bearer ${token}`))).id;
    for (let round = 0; round < 3; round += 1) {
      expect(await callerOf("short")).toBe("short");
      expect(await callerOf("short")).toBe("short");
      expect(await callerOf("long")).toBe("long");
    }
    expect(verified).toEqual(["short", "long"]);
    now = 1_010_000;
    expect(await callerOf("long")).toBe("long");
    expect(await callerOf("short")).toBe("short");
    expect(await callerOf("short")).toBe("short");
    expect(verified).toEqual(["short", "long", "short"]);
  });

  it("never caches a rejected token, and maps any verifier failure to 401", async () => {
    let calls = 0;
    const verifier = {
      verify: async () => {
        calls++;
        throw new Error("signature mismatch");
      },
    };
    const authenticate = createAuthenticate({ mode: "verify", verifier });
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(authenticate(eventWith("Bearer abc.def.ghi"))).rejects.toMatchObject({
        code: "API.UNAUTHENTICATED",
      });
    expect(calls).toBe(2);
  });

  it("passes a verifier's own ApiError through (keys unavailable: 503)", async () => {
    const verifier = {
      verify: async () => {
        throw new ApiError("API.DEPENDENCY_UNAVAILABLE", "jwks down", { retryable: true });
      },
    };
    await expect(
      createAuthenticate({ mode: "verify", verifier })(eventWith("Bearer a.b.c")),
    ).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
    });
  });

  it("refuses missing, non-bearer and oversized credentials without calling the verifier", async () => {
    let calls = 0;
    const verifier = {
      verify: async () => {
        calls++;
        return { sub: "u1", exp: 9e9 };
      },
    };
    const authenticate = createAuthenticate({ mode: "verify", verifier });
    for (const header of [undefined, "Basic abc", "Bearer", `Bearer ${"a".repeat(9000)}`, "Bearer a b"])
      await expect(authenticate(eventWith(header)), String(header)).rejects.toMatchObject({
        code: "API.UNAUTHENTICATED",
      });
    expect(calls).toBe(0);
  });
});
