import type { LedgerChange, LedgerStore, OutboxEntry } from "@bbws/ledger";
import { describe, expect, it } from "vitest";
import { announcingOutbox } from "./announcingOutbox.ts";

describe("announcingOutbox", () => {
  const event = (eventId: string) => ({ detail: { meta: { eventId } } });
  const change = (...eventIds: string[]) => ({ outbox: eventIds.map(event) }) as unknown as LedgerChange;

  it("hands over a commit's outbox entries once it has landed, and passes reads through", async () => {
    const order: string[] = [];
    const handedOver: OutboxEntry[][] = [];
    const store = {
      commit: async () => {
        order.push("committed");
      },
      get: async () => null,
    } as unknown as LedgerStore;
    const announced = announcingOutbox(store, (entries) => {
      order.push("handed over");
      handedOver.push([...entries]);
    });
    await announced.commit(change("e1", "e2"));
    await announced.commit(change());
    expect(order).toEqual(["committed", "handed over", "committed"]);
    expect(handedOver).toEqual([
      [
        { eventId: "e1", event: event("e1") },
        { eventId: "e2", event: event("e2") },
      ],
    ]);
    expect(await announced.get("x")).toBeNull();
  });

  it("hands over nothing when the commit fails (a version conflict: nothing was queued)", async () => {
    let announced = 0;
    const store = {
      commit: async () => {
        throw new Error("conflict");
      },
    } as unknown as LedgerStore;
    await expect(announcingOutbox(store, () => announced++).commit(change("e1"))).rejects.toThrow("conflict");
    expect(announced).toBe(0);
  });
});
