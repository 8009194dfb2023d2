import { describe, expect, it } from "vitest";
import { activeInstance } from "../testing/lifecycleSteps.ts";
import { command, event, failure, provisionCommand, ready, released, run } from "../testing/scenario.ts";

const ARCHIVE = { location: "file:///a.tar.gz", sha256: "b".repeat(64), sizeBytes: 42 };
const LATER_ARCHIVE = { location: "file:///later.tar.gz", sha256: "c".repeat(64), sizeBytes: 7 };

const releasedFor = (operationId: string, archive = ARCHIVE) => ({
  routing: () => event("RoutingReleased", { operationId, reason: "deprovision", released: [] }),
  compute: () => event("ComputeReleased", { operationId, reason: "deprovision", released: [] }),
  identity: () => event("IdentityReleased", { operationId, reason: "deprovision", released: [] }),
  storage: () => event("StorageReleased", { operationId, reason: "deprovision", released: ["db"], archive }),
});

/** An ACTIVE instance carried through a whole deprovisioning; its command too. */
function deprovisionedInstance() {
  const deprovision = command("deprovision");
  const release = releasedFor(deprovision.operationId);
  const { record } = run(
    [deprovision, release.routing(), release.compute(), release.identity(), release.storage()],
    activeInstance(),
  );
  return { deprovision, record };
}

/** The ledger asks storage again to release, archiving first, under the deprovisioning's operation. */
const storageReleaseAgain = (operationId: string) => [
  {
    name: "ReleaseRequested",
    data: { operationId, service: "storage", reason: "deprovision", archive: true },
  },
];

/**
 * A resource that reports Ready after a deprovisioning released it holds data nobody can vouch
 * for: it is released again as a deprovisioning, so storage archives before it drops anything.
 */
describe("a Ready that arrives after a deprovisioning released the resource", () => {
  it("given a DEPROVISIONED instance, when storage reports Ready, then it is released again with an archive", () => {
    const { deprovision, record: gone } = deprovisionedInstance();
    expect(gone?.state).toBe("DEPROVISIONED");
    const late = run([ready.storage()], gone);
    expect(late.emits).toEqual(storageReleaseAgain(deprovision.operationId));
    expect(late.record?.resources.storage).toBe("releasing");
    expect(late.record?.state).toBe("DEPROVISIONED");
  });

  it("given a DEPROVISIONED instance, when the re-release reports a second archive, then the record keeps the first", () => {
    const { deprovision, record: gone } = deprovisionedInstance();
    const again = run([ready.storage(), releasedFor(deprovision.operationId, LATER_ARCHIVE).storage()], gone);
    expect(again.emits.map((emitted) => emitted.name)).toEqual(["ReleaseRequested"]);
    expect(again.record?.resources.storage).toBe("released");
    expect(again.record?.outputs.archive).toEqual(ARCHIVE);
  });

  it("given a FAILED instance being deprovisioned, when storage reports Ready before its stage, then it is released with an archive", () => {
    const rolledBack = run([
      provisionCommand(),
      event("RoutingFailed", failure()),
      released.routing(),
      released.identity(),
      released.storage(),
    ]).record;
    const deprovision = command("deprovision");
    const started = run([deprovision], rolledBack);
    expect(started.record?.state).toBe("PENDING_DEPRO");
    const late = run([ready.storage()], started.record);
    expect(late.emits).toEqual(storageReleaseAgain(deprovision.operationId));
    expect(late.record?.release).toEqual(started.record?.release);
  });
});
