import { ApiError, validationError } from "../domain/errors.ts";
import { derivedId } from "../domain/idempotency.ts";
import { replayName } from "../domain/replayName.ts";
import type { OrphanCleanupRequest, RedriveRequest, ReplayRequest } from "../domain/requestSchemas.ts";
import type { ApiResult, CommandContext, UseCaseDeps } from "./apiResult.ts";
import { cleanupView } from "./cleanupView.ts";
import { notConfigured } from "./notConfigured.ts";
import { requireInstance } from "./readInstance.ts";

/**
 * POST /replays: re-drive [from, to) from the archive. `to` may not be in the future (the
 * archive cannot hold what has not happened, and EventBridge refuses it); with instanceId,
 * the instance must be one the ledger knows, in any state. Any window is safe: every consumer
 * has an inbox keyed by event id and ignores requests for instances it has closed.
 */
export async function startReplay(
  deps: UseCaseDeps,
  body: ReplayRequest,
  context: Pick<CommandContext, "idempotencyScope">,
): Promise<ApiResult> {
  const now = deps.clock();
  if (Date.parse(body.to) > now)
    throw validationError([
      {
        in: "body",
        field: "to",
        message: `to must not be in the future (it is ${new Date(now).toISOString()} now)`,
      },
    ]);
  if (!deps.replays) throw notConfigured("replays", "replays");
  if (body.instanceId !== undefined) await requireInstance(deps, body.instanceId);
  const view = await deps.replays.start({
    name: replayName(now, derivedId(context.idempotencyScope, "replay")),
    from: new Date(body.from),
    to: new Date(body.to),
    ...(body.instanceId !== undefined ? { instanceId: body.instanceId } : {}),
  });
  return { status: 202, body: view };
}

export async function listDeadLetters(deps: UseCaseDeps): Promise<ApiResult> {
  if (!deps.deadLetters) throw notConfigured("dead-letter queues", "deadLetters");
  return { status: 200, body: { queues: await deps.deadLetters.list() } };
}

/** Moves dead letters back to their consumers' queues; the consumers' dedupe absorbs repeats. */
export async function redriveDeadLetters(
  deps: UseCaseDeps,
  body: RedriveRequest | undefined,
): Promise<ApiResult> {
  if (!deps.deadLetters) throw notConfigured("dead-letter queues", "deadLetters");
  const consumer = body?.consumer;
  const redriven = await deps.deadLetters.redrive(consumer !== undefined ? { consumer } : {});
  return { status: 202, body: { redriven } };
}

/** GET /orphans runs a scan: the answer is as fresh as the request. */
export async function scanOrphans(deps: UseCaseDeps): Promise<ApiResult> {
  if (!deps.orphans) throw notConfigured("orphan scans", "orphans");
  return { status: 200, body: await deps.orphans.scan() };
}

/**
 * POST /orphans/cleanup: 202 at once with the cleanup to poll (Location); the scan runs in
 * the background. A retry with the same Idempotency-Key names the same cleanup.
 */
export async function cleanupOrphans(
  deps: UseCaseDeps,
  body: OrphanCleanupRequest | undefined,
  context: Pick<CommandContext, "idempotencyScope">,
): Promise<ApiResult> {
  if (!deps.orphans) throw notConfigured("orphan scans", "orphans");
  const record = {
    cleanupId: derivedId(context.idempotencyScope, "orphan-cleanup"),
    dryRun: body?.dryRun ?? true,
    status: "RUNNING" as const,
    requestedAt: new Date(deps.clock()).toISOString(),
  };
  await deps.orphans.startCleanup(record);
  const view = cleanupView(record, deps.clock());
  return { status: 202, headers: { location: view._links.self.href }, body: view };
}

/** GET /orphans/cleanups/{cleanupId}: how the cleanup stands, with its report once it ended. */
export async function getOrphanCleanup(deps: UseCaseDeps, cleanupId: string): Promise<ApiResult> {
  if (!deps.orphans) throw notConfigured("orphan scans", "orphans");
  const record = await deps.orphans.findCleanup(cleanupId);
  if (!record)
    throw new ApiError(
      "API.CLEANUP_NOT_FOUND",
      `there is no orphan cleanup ${cleanupId} (records are kept 30 days on AWS, until the stack stops locally)`,
    );
  return { status: 200, body: cleanupView(record, deps.clock()) };
}
