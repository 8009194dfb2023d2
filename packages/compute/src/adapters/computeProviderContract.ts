import { type ComputeOutputs, ComputeOutputsSchema, type InstanceRef } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../domain/errors.ts";
import type { ComputeProvider, ComputeRequest } from "../ports.ts";

/** What an adapter's test gives the contract suite. */
export interface ComputeProviderHarness {
  readonly provider: ComputeProvider;
  /** A new instance whose storage and routing are ready: what ComputeRequested would carry. */
  newInstance(options?: {
    desiredCount?: number;
  }): Promise<{ instance: InstanceRef; request: ComputeRequest }>;
  /** Between two health polls: real time for real servers, a no-op (or a fake clock's tick) for mocks. */
  pause(): Promise<void>;
  /** How many polls before a health check counts as failed (default 100). */
  readonly healthPolls?: number;
  dispose?(): Promise<void>;
}

/** The behaviour every ComputeProvider adapter must have; run against each adapter. */
export function describeComputeProviderContract(
  adapter: string,
  makeHarness: () => Promise<ComputeProviderHarness>,
) {
  describe(`ComputeProvider contract: ${adapter}`, () => {
    let harness: ComputeProviderHarness;
    beforeAll(async () => {
      harness = await makeHarness();
    });
    afterAll(async () => {
      await harness?.dispose?.();
    });

    const valid = (outputs: ComputeOutputs) => ComputeOutputsSchema.parse(outputs);

    /** Polls until healthy; only HealthPendingError means "not yet". */
    async function healthy(instance: InstanceRef) {
      const polls = harness.healthPolls ?? 100;
      let last: unknown;
      for (let poll = 0; poll < polls; poll++) {
        try {
          return await harness.provider.checkHealth(instance);
        } catch (error) {
          if (!(error instanceof HealthPendingError)) throw error;
          last = error;
          await harness.pause();
        }
      }
      throw new Error(`not healthy after ${polls} polls`, { cause: last });
    }

    async function provisioned(desiredCount = 1) {
      const { instance, request } = await harness.newInstance({ desiredCount });
      const outputs = valid(await harness.provider.ensureCompute(instance, request));
      return { instance, request, outputs };
    }

    it("ensures valid outputs with the requested count, and a repeat changes nothing", async () => {
      const { instance, request, outputs } = await provisioned(2);
      expect(outputs.desiredCount).toBe(2);
      expect(await harness.provider.ensureCompute(instance, request)).toEqual(outputs);
    });

    it("becomes healthy: WordPress answers 200 at a URL (HealthPendingError until then)", async () => {
      const { instance } = await provisioned();
      const health = await healthy(instance);
      expect(health.httpStatus).toBe(200);
      expect(() => new URL(health.url)).not.toThrow();
    });

    it("suspends (reporting the count resume restores), is not healthy while suspended, resumes", async () => {
      const { instance, outputs } = await provisioned(2);
      await healthy(instance);
      const suspended = valid(await harness.provider.suspend(instance));
      expect(suspended).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 2 });
      expect(await harness.provider.suspend(instance)).toEqual(suspended);
      await expect(harness.provider.checkHealth(instance)).rejects.toBeInstanceOf(HealthPendingError);
      const remembered = { desiredCount: suspended.desiredCount };
      const resumed = valid(await harness.provider.resume(instance, remembered));
      expect(resumed).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 2 });
      expect(await harness.provider.resume(instance, remembered)).toEqual(resumed);
      expect((await healthy(instance)).httpStatus).toBe(200);
    });

    it("scales, restarts and updates the image, staying the same service and healthy", async () => {
      const { instance, outputs } = await provisioned();
      expect(valid(await harness.provider.scale(instance, { desiredCount: 3 }))).toMatchObject({
        serviceRef: outputs.serviceRef,
        desiredCount: 3,
      });
      await healthy(instance);
      expect(valid(await harness.provider.restart(instance))).toMatchObject({
        serviceRef: outputs.serviceRef,
        desiredCount: 3,
      });
      await healthy(instance);
      const image = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };
      expect(valid(await harness.provider.updateImage(instance, image))).toMatchObject({
        serviceRef: outputs.serviceRef,
        desiredCount: 3,
      });
      expect((await healthy(instance)).httpStatus).toBe(200);
    });

    it("keeps a scaled count across suspend and resume", async () => {
      const { instance } = await provisioned();
      await harness.provider.scale(instance, { desiredCount: 2 });
      const { desiredCount } = await harness.provider.suspend(instance);
      expect(desiredCount).toBe(2);
      expect((await harness.provider.resume(instance, { desiredCount })).desiredCount).toBe(2);
    });

    it("releases: the first release names what it removed, a repeat removes nothing", async () => {
      const { instance, outputs } = await provisioned();
      await healthy(instance);
      expect(await harness.provider.releaseCompute(instance)).toContain(outputs.serviceRef);
      expect(await harness.provider.releaseCompute(instance)).toEqual([]);
      await expect(harness.provider.checkHealth(instance)).rejects.toBeInstanceOf(ComputeError);
    });

    it("releases nothing for an instance it never ran, and refuses every other call on it", async () => {
      const { instance } = await harness.newInstance();
      expect(await harness.provider.releaseCompute(instance)).toEqual([]);
      const refusals = [
        () => harness.provider.suspend(instance),
        () => harness.provider.resume(instance, { desiredCount: 1 }),
        () => harness.provider.scale(instance, { desiredCount: 2 }),
        () => harness.provider.restart(instance),
        () => harness.provider.updateImage(instance, { version: "6.4.3", image: "wordpress:6.4.3" }),
        () => harness.provider.checkHealth(instance),
      ];
      for (const refuse of refusals) {
        const error = await refuse().then(
          () => undefined,
          (rejection: unknown) => rejection,
        );
        expect(error).toBeInstanceOf(ComputeError);
        expect(error).toMatchObject({ retryable: false });
      }
    });

    it("pages the server log when it offers readLogs, and refuses a limit above 1000", async () => {
      const readLogs = harness.provider.readLogs?.bind(harness.provider);
      if (!readLogs) return;
      const { instance } = await provisioned();
      await healthy(instance);
      const page = await readLogs(instance, { limit: 1 });
      expect(page.events.length).toBeLessThanOrEqual(1);
      for (const event of page.events) {
        expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
        expect(typeof event.message).toBe("string");
      }
      const refused = await readLogs(instance, { limit: 1001 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ComputeError);
      expect(refused).toMatchObject({ retryable: false });
    });
  });
}
