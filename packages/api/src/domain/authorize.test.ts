import { describe, expect, it } from "vitest";
import { callerFromClaims, mayAccess, parseGroupsClaim } from "./authorize.ts";

describe("authorize", () => {
  it("lets operators write and read, viewers read, nobody else anything", () => {
    const caller = (groups: string[]) => ({ id: "u", name: "u", groups });
    expect(mayAccess(caller(["platform-operators"]), "write")).toBe(true);
    expect(mayAccess(caller(["platform-viewers"]), "read")).toBe(true);
    expect(mayAccess(caller(["platform-viewers"]), "write")).toBe(false);
    expect(mayAccess(caller(["Platform-Operators", "admins"]), "read")).toBe(false);
  });

  it("keeps operate (recovery reads spanning tenants) to operators", () => {
    const caller = (groups: string[]) => ({ id: "u", name: "u", groups });
    expect(mayAccess(caller(["platform-operators"]), "operate")).toBe(true);
    expect(mayAccess(caller(["platform-viewers"]), "operate")).toBe(false);
  });

  it("parses groups from a token's array and from API Gateway's flattened string", () => {
    expect(parseGroupsClaim(["a", 1, "b"])).toEqual(["a", "b"]);
    expect(parseGroupsClaim("[platform-operators platform-viewers]")).toEqual([
      "platform-operators",
      "platform-viewers",
    ]);
    expect(parseGroupsClaim("a,b")).toEqual(["a", "b"]);
    expect(parseGroupsClaim(undefined)).toEqual([]);
    expect(callerFromClaims({ sub: "u1", "cognito:username": "ada", "cognito:groups": ["g"] })).toEqual({
      id: "u1",
      name: "ada",
      groups: ["g"],
    });
    expect(callerFromClaims({ username: "x" })).toBeNull();
  });
});
