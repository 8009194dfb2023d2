import { randomUUID } from "node:crypto";
import { ComputeOutputsSchema, type DomainEvent, type InstanceRef } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../domain/errors.ts";
import type { ComputeProvider, ComputeRequest } from "../ports.ts";
import { answer, type ComputeDriver, createComputeDriver } from "../testing/computeDriver.ts";

/** What an adapter's test gives the contract suite. */
export interface ComputeProviderHarness {
  readonly provider: ComputeProvider;
  /** A new instance whose storage and routing are ready: what ComputeRequested would carry. */
  newInstance(options?: {
    desiredCount?: number;
  }): Promise<{ instance: InstanceRef; request: ComputeRequest }>;
  /** Between two health polls: real time for real servers, a no-op (or a fake clock's tick) for mocks. */
  pause(): Promise<void>;
  /** How many receives before a retryable step counts as failed (default 100). */
  readonly healthPolls?: number;
  dispose?(): Promise<void>;
}

const types = (answers: readonly DomainEvent[]) => answers.map((event) => event["detail-type"]);

/** The behaviour every ComputeProvider adapter must have, driven by compute's decider; run against each adapter. */
export function describeComputeProviderContract(
  adapter: string,
  makeHarness: () => Promise<ComputeProviderHarness>,
) {
  describe(`ComputeProvider contract: ${adapter}`, () => {
    let harness: ComputeProviderHarness;
    let driver: ComputeDriver;
    beforeAll(async () => {
      harness = await makeHarness();
      driver = createComputeDriver(harness.provider, {
        receives: harness.healthPolls ?? 100,
        pause: () => harness.pause(),
      });
    });
    afterAll(async () => {
      await harness?.dispose?.();
    });

    async function provisioned(desiredCount = 1) {
      const { instance, request } = await harness.newInstance({ desiredCount });
      const answers = await driver.provision(instance, request);
      expect(types(answers)).toEqual(["ComputeReady", "InstanceHealthy"]);
      const outputs = ComputeOutputsSchema.parse(answer(answers, "ComputeReady").outputs);
      return { instance, request, outputs, health: answer(answers, "InstanceHealthy") };
    }

    /** Runs a lifecycle request; resolves with the outputs it completed with. */
    async function step(answers: Promise<DomainEvent[]>) {
      const done = await answers;
      expect(types(done)).toEqual(["OperationStepCompleted"]);
      return ComputeOutputsSchema.parse(answer(done, "OperationStepCompleted").compute);
    }
    const op = () => ({ operationId: randomUUID() });

    /** Polls the port's health step until WordPress answers 200. */
    async function healthy(instance: InstanceRef, request: ComputeRequest) {
      const { url, targetGroupRef } = request.routing;
      for (let poll = 0; poll < (harness.healthPolls ?? 100); poll++) {
        try {
          return await harness.provider.checkHealth(instance, { url, targetGroupRef });
        } catch (error) {
          if (!(error instanceof HealthPendingError)) throw error;
          await harness.pause();
        }
      }
      throw new Error("not healthy");
    }

    it("provisions step by step to valid outputs with the requested count, then healthy at a URL", async () => {
      const { outputs, health } = await provisioned(2);
      expect(outputs.desiredCount).toBe(2);
      expect(health.httpStatus).toBe(200);
      expect(() => new URL(health.url)).not.toThrow();
    });

    it("adopts on a repeat: the service, the install attempt and the log group make nothing twice", async () => {
      const { instance, request, outputs } = await provisioned();
      const { url: siteUrl, targetGroupRef } = request.routing;
      const revisionRef = outputs.taskDefinitionRef;
      await harness.provider.prepareLogs(instance);
      const service = { revisionRef, desiredCount: 1, targetGroupRef };
      expect(await harness.provider.createService(instance, service)).toBe(outputs.serviceRef);
      const install = { revisionRef, attempt: 1, siteUrl };
      const task = await harness.provider.startInstall(instance, install);
      expect(await harness.provider.startInstall(instance, install)).toBe(task);
      expect((await healthy(instance, request)).httpStatus).toBe(200);
    });

    it("suspends (not healthy while suspended, the count kept) and resumes", async () => {
      const { instance, request, outputs } = await provisioned(2);
      const suspended = await step(driver.send(instance, "SuspendRequested", op()));
      expect(suspended).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 2 });
      const { url, targetGroupRef } = request.routing;
      await expect(harness.provider.checkHealth(instance, { url, targetGroupRef })).rejects.toBeInstanceOf(
        HealthPendingError,
      );
      const resumed = await step(driver.send(instance, "ResumeRequested", op()));
      expect(resumed).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 2 });
      expect((await healthy(instance, request)).httpStatus).toBe(200);
    });

    it("scales, restarts and updates the image, staying the same service and healthy", async () => {
      const { instance, request, outputs } = await provisioned();
      const scaled = await step(driver.send(instance, "ScaleRequested", { ...op(), desiredCount: 3 }));
      expect(scaled).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 3 });
      await healthy(instance, request);
      const restarted = await step(driver.send(instance, "RestartRequested", op()));
      expect(restarted).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 3 });
      await healthy(instance, request);
      const wordpress = { version: "6.5.2", image: "wordpress:6.5.2-php8.3-apache" };
      const updated = await step(driver.send(instance, "ImageUpdateRequested", { ...op(), wordpress }));
      expect(updated).toMatchObject({ serviceRef: outputs.serviceRef, desiredCount: 3 });
      expect(updated.taskDefinitionRef).not.toBe(outputs.taskDefinitionRef);
      const resized = driver.send(instance, "ScaleRequested", { ...op(), desiredCount: 2, size: "medium" });
      expect(await step(resized)).toMatchObject({ desiredCount: 2 });
      expect((await healthy(instance, request)).httpStatus).toBe(200);
    });

    it("keeps a scaled count across suspend and resume", async () => {
      const { instance } = await provisioned();
      await step(driver.send(instance, "ScaleRequested", { ...op(), desiredCount: 2 }));
      expect((await step(driver.send(instance, "SuspendRequested", op()))).desiredCount).toBe(2);
      expect((await step(driver.send(instance, "ResumeRequested", op()))).desiredCount).toBe(2);
    });

    it("releases: the release names the service, another one removes nothing, later requests have no effect", async () => {
      const { instance, outputs } = await provisioned();
      expect(answer(await driver.release(instance), "ComputeReleased").released).toContain(
        outputs.serviceRef,
      );
      expect(answer(await driver.release(instance), "ComputeReleased").released).toEqual([]);
      expect(await driver.send(instance, "RestartRequested", op())).toEqual([]);
      expect(await harness.provider.deleteService(instance)).toEqual([]);
      expect(await harness.provider.deleteRevisions(instance)).toEqual([]);
    });

    it("releases nothing for an instance it never ran, and refuses lifecycle requests on it", async () => {
      const { instance } = await harness.newInstance();
      expect(await harness.provider.findCompute(instance)).toEqual({ owned: true });
      expect(await harness.provider.deleteService(instance)).toEqual([]);
      const refused = answer(await driver.send(instance, "SuspendRequested", op()), "OperationStepFailed");
      expect(refused).toMatchObject({ code: "COMPUTE.NOT_PROVISIONED", retryable: false });
      expect(answer(await driver.release(instance), "ComputeReleased").released).toEqual([]);
    });

    it("pages the server log when it offers readLogs, and refuses a limit above 1000", async () => {
      const readLogs = harness.provider.readLogs?.bind(harness.provider);
      if (!readLogs) return;
      const { instance } = await provisioned();
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
