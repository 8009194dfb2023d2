import { describe, expect, it } from "vitest";
import { everyGrantMutation, mayDependOn } from "./grantMutations.ts";
import { platformRequests } from "./platformRequests.ts";
import { loadRequestList } from "./requestList.ts";
import { describeRequest } from "./simulateRecordedCalls.ts";
import { simulateRequest } from "./simulateRequest.ts";
import { UNUSED_GRANTS } from "./unusedGrants.ts";

/**
 * The IAM simulation bites: every recorded request (tests/iam/recordedRequests.json, from
 * `npm run iam:record`) and every platform request is allowed by the IAM table, and removing
 * any one grant from the table denies at least one of them, unless the grant is listed as
 * unused with its reason (tests/iam/unusedGrants.ts).
 */
const requests = [...loadRequestList(), ...platformRequests()];
const mutations = everyGrantMutation();

describe("IAM table against every recorded request", () => {
  it("allows every request", async () => {
    const denied: string[] = [];
    for (const entry of requests) {
      const { decision } = await simulateRequest(entry.principal, entry);
      if (decision !== "Allowed") denied.push(`${decision}: ${describeRequest(entry)}`);
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(denied).toEqual([]);
  });

  it.each(mutations.map((mutation) => [mutation.id, mutation] as const))(
    "without the grant %s, some request is denied (or the grant is listed as unused)",
    async (id, mutation) => {
      const needing: string[] = [];
      for (const entry of requests.filter((candidate) =>
        mayDependOn(mutation, candidate.principal, candidate.action),
      )) {
        const { decision } = await simulateRequest(entry.principal, entry, mutation.without);
        if (decision !== "Allowed") needing.push(describeRequest(entry));
      }
      if (id in UNUSED_GRANTS)
        expect(
          needing,
          `${id} is listed as unused but these requests need it: take it off tests/iam/unusedGrants.ts`,
        ).toEqual([]);
      else
        expect(
          needing.length,
          `no simulated request needs ${id}: remove the grant, or list it with a reason in tests/iam/unusedGrants.ts`,
        ).toBeGreaterThan(0);
    },
  );

  it("lists as unused only grants the table has", () => {
    const ids = new Set(mutations.map((mutation) => mutation.id));
    expect(Object.keys(UNUSED_GRANTS).filter((id) => !ids.has(id))).toEqual([]);
  });
});
