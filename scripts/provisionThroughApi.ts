import { randomUUID } from "node:crypto";

/** What an operator's first curl does: POST an instance, then follow it until it settles. */
export async function provisionThroughApi(input: {
  apiUrl: string;
  token: string;
  tenantId: string;
  say: (line: string) => void;
  timeoutMs?: number;
}): Promise<{ instanceId: string; state: string; url?: string }> {
  const headers = { authorization: `Bearer ${input.token}`, "content-type": "application/json" };
  const created = await fetch(`${input.apiUrl}/v1.0/instances`, {
    method: "POST",
    headers: { ...headers, "idempotency-key": randomUUID() },
    body: JSON.stringify({ tenantId: input.tenantId, environment: "dev" }),
  });
  const body = (await created.json()) as { instanceId?: string; detail?: string };
  if (!created.ok || !body.instanceId)
    throw new Error(
      `POST /v1.0/instances answered ${created.status}: ${body.detail ?? JSON.stringify(body)}`,
    );
  input.say(`requested ${input.tenantId}: instance ${body.instanceId}`);
  const deadline = Date.now() + (input.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    const answer = await fetch(`${input.apiUrl}/v1.0/instances/${body.instanceId}`, { headers });
    const instance = (await answer.json()) as { state: string; url?: string };
    if (instance.state === "ACTIVE" || instance.state === "FAILED")
      return { instanceId: body.instanceId, ...instance };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${input.tenantId} did not settle in time`);
}
