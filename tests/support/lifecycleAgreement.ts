import type { SimulatedMesh } from "./simulatedMesh.ts";

/**
 * What compute and routing hold must agree with each other and with the ledger: an ACTIVE
 * instance runs its recorded count, size and image behind a serving route; a SUSPENDED one
 * runs no task behind the maintenance response. Anything else is a mixed state.
 */
export async function checkAgreement(simulation: SimulatedMesh): Promise<string[]> {
  const problems: string[] = [];
  const { running, suspended } = simulation.cloud;
  for (const record of await simulation.records()) {
    const compute = running.get(record.instanceId);
    const maintenance = suspended.has(record.instanceId);
    const name = record.tenantId;
    if (!compute) {
      problems.push(`${name} is ${record.state} with no compute service`);
      continue;
    }
    if (record.state === "ACTIVE") {
      const { spec } = record;
      if (compute.desiredCount !== spec.desiredCount)
        problems.push(
          `${name} is ACTIVE for ${spec.desiredCount} task(s), compute runs ${compute.desiredCount}`,
        );
      if (compute.size !== spec.size) problems.push(`${name} is ${spec.size}, compute runs ${compute.size}`);
      if (compute.image !== spec.wordpress.image)
        problems.push(`${name} runs ${compute.image}, the ledger says ${spec.wordpress.image}`);
      if (maintenance) problems.push(`${name} is ACTIVE but routing serves the maintenance response`);
    } else if (record.state === "SUSPENDED") {
      if (compute.desiredCount !== 0)
        problems.push(`${name} is SUSPENDED, compute runs ${compute.desiredCount} task(s)`);
      if (!maintenance) problems.push(`${name} is SUSPENDED but routing forwards to the site`);
    } else problems.push(`${name} ended ${record.state}`);
  }
  return problems;
}
