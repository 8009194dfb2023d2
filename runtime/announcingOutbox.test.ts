import type { LedgerChange, LedgerStore } from "@bbws/ledger";
import { describe, expect, it } from "vitest";
import { announcingOutbox } from "./announcingOutbox.ts";

describe("announcingOutbox", () => {
  const change = (outbox: number) =>
    ({ outbox: Array.from({ length: outbox }, () => ({})) }) as unknown as LedgerChange;

  it("announces a commit that queued events, once it has landed, and passes reads through", async () => {
    const order: string[] = [];
    const store = {
      commit: async () => {
        order.push("committed");
      },
      get: async () => null,
    } as unknown as LedgerStore;
    const announced = announcingOutbox(store, () => order.push("announced"));
    await announced.commit(change(2));
    await announced.commit(change(0));
    expect(order).toEqual(["committed", "announced", "committed"]);
    expect(await announced.get("x")).toBeNull();
  });

  it("announces nothing when the commit fails (a version conflict: nothing was queued)", async () => {
    let announced = 0;
    const store = {
      commit: async () => {
        throw new Error("conflict");
      },
    } as unknown as LedgerStore;
    await expect(announcingOutbox(store, () => announced++).commit(change(1))).rejects.toThrow("conflict");
    expect(announced).toBe(0);
  });
});
