/** A command line of `npm run ops`, parsed (scripts/ops.ts). */
export type OpsCommand =
  | { readonly kind: "replay"; readonly from: string; readonly to: string; readonly instanceId?: string }
  | { readonly kind: "dlq list" }
  | { readonly kind: "dlq redrive"; readonly consumer?: string }
  | { readonly kind: "orphans" }
  | { readonly kind: "orphans cleanup"; readonly apply: boolean };

/** What `npm run ops` prints for an answer, and its exit code. */
export interface FormattedAnswer {
  readonly lines: string[];
  readonly exitCode: number;
}

// The answers' shapes, as far as the summaries read them (packages/api/src/domain/viewSchemas.ts).
interface Orphan {
  service: string;
  kind: string;
  id: string;
  tenantId: string;
  environment?: string;
  reason: string;
}
interface DeadLetter {
  messageId: string;
  receiveCount?: number;
  sentAt?: string;
  detailType?: string;
  instanceId?: string;
  tenantId?: string;
  bodyExcerpt: string;
}
interface Answers {
  replay: {
    replayName: string;
    from: string;
    to: string;
    instanceId?: string;
    state: string;
    eventsReplayed?: number;
  };
  dlq: { queues: { consumer: string; queue: string; approximateCount: number; messages: DeadLetter[] }[] };
  redrive: {
    redriven: { consumer: string; queue: string; moved?: number; taskHandle?: string; error?: string }[];
  };
  scan: { scanId: string; scannedAt: string; resources: number; orphans: Orphan[] };
  /** POST /orphans/cleanup and its Location: the cleanup, with the report once it ended. */
  cleanupRun: {
    cleanupId: string;
    status: "RUNNING" | "COMPLETED" | "FAILED" | "STUCK";
    report?: Answers["cleanup"];
    error?: string;
    _links: { self: { href: string } };
  };
  cleanup: {
    dryRun: boolean;
    orphans: Orphan[];
    removed: { resource: Orphan; deleted: string[] }[];
    failed: { resource: Orphan; error: string }[];
  };
}

/** A 2xx answer as a short summary; a problem+json as `error: <title>: <detail>` (exit 1). */
export function formatAnswer(command: OpsCommand, status: number, text: string): FormattedAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { lines: [`error: HTTP ${status}: ${text.slice(0, 200)}`], exitCode: 1 };
  }
  if (status >= 400) {
    const problem = body as { title?: string; detail?: string };
    return {
      lines: [`error: ${problem.title ?? `HTTP ${status}`}: ${problem.detail ?? text.slice(0, 200)}`],
      exitCode: 1,
    };
  }
  switch (command.kind) {
    case "replay":
      return ok(replayLines(body as Answers["replay"]));
    case "dlq list":
      return ok(dlqLines(body as Answers["dlq"]));
    case "dlq redrive":
      return redriveAnswer(body as Answers["redrive"]);
    case "orphans":
      return ok(scanLines(body as Answers["scan"]));
    case "orphans cleanup":
      return cleanupRunAnswer(body as Answers["cleanupRun"]);
  }
}

const ok = (lines: string[]): FormattedAnswer => ({ lines, exitCode: 0 });

function replayLines(replay: Answers["replay"]): string[] {
  const scope = replay.instanceId ? `instance ${replay.instanceId}` : "every instance";
  const window = `${replay.from} to ${replay.to}, ${scope}`;
  if (replay.eventsReplayed !== undefined)
    return [
      `replay ${replay.replayName} ${replay.state}: ${replay.eventsReplayed} event(s) re-sent (${window})`,
    ];
  return [
    `replay ${replay.replayName} ${replay.state} (${window})`,
    `  follow it: aws events describe-replay --replay-name ${replay.replayName}`,
  ];
}

function dlqLines(answer: Answers["dlq"]): string[] {
  const lines: string[] = [];
  for (const queue of answer.queues) {
    lines.push(`${queue.consumer}: ${queue.approximateCount} message(s) in ${queue.queue}`);
    for (const message of queue.messages) lines.push(`  ${deadLetterLine(message)}`);
  }
  const total = answer.queues.reduce((sum, queue) => sum + queue.approximateCount, 0);
  lines.push(
    total === 0
      ? "no dead letters"
      : `${total} dead letter(s); \`npm run ops -- dlq redrive\` moves them back`,
  );
  return lines;
}

function deadLetterLine(message: DeadLetter): string {
  const what = message.detailType
    ? [
        message.detailType,
        message.tenantId && `tenant ${message.tenantId}`,
        message.instanceId && `instance ${message.instanceId}`,
      ]
    : [JSON.stringify(message.bodyExcerpt.slice(0, 60))];
  const when = [
    message.receiveCount !== undefined && `received ${message.receiveCount}x`,
    message.sentAt && `sent ${message.sentAt}`,
  ];
  return [message.messageId, ...what, ...when].filter(Boolean).join("  ");
}

function redriveAnswer(answer: Answers["redrive"]): FormattedAnswer {
  const lines = answer.redriven.map((entry) => {
    const outcome =
      entry.error !== undefined
        ? `error: ${entry.error}`
        : entry.taskHandle !== undefined
          ? `move task started (${entry.taskHandle})`
          : `${entry.moved ?? 0} message(s) moved back`;
    return `${entry.consumer}: ${outcome}`;
  });
  return { lines, exitCode: answer.redriven.some((entry) => entry.error !== undefined) ? 1 : 0 };
}

function orphanLine(orphan: Orphan): string {
  const where = orphan.environment ? `${orphan.tenantId}/${orphan.environment}` : orphan.tenantId;
  return `${orphan.service} ${orphan.kind} ${orphan.id} (${where}): ${orphan.reason}`;
}

function scanLines(scan: Answers["scan"]): string[] {
  return [
    `scan ${scan.scanId} at ${scan.scannedAt}: ${scan.resources} resource(s), ${scan.orphans.length} orphan(s)`,
    ...scan.orphans.map((orphan) => `  ${orphanLine(orphan)}`),
  ];
}

function cleanupRunAnswer(run: Answers["cleanupRun"]): FormattedAnswer {
  if (run.status === "COMPLETED" && run.report) return cleanupAnswer(run.report);
  if (run.status === "RUNNING")
    return ok([`cleanup ${run.cleanupId} is still RUNNING: poll GET ${run._links.self.href}`]);
  return {
    lines: [
      `cleanup ${run.cleanupId} ${run.status}${run.error ? `: ${run.error}` : " (see the orphan scan's logs)"}`,
    ],
    exitCode: 1,
  };
}

function cleanupAnswer(report: Answers["cleanup"]): FormattedAnswer {
  if (report.dryRun)
    return ok([
      `dry run: ${report.orphans.length} orphan(s) would be removed${report.orphans.length > 0 ? " (again with --apply to remove them)" : ""}`,
      ...report.orphans.map((orphan) => `  ${orphanLine(orphan)}`),
    ]);
  return {
    lines: [
      `removed ${report.removed.length} orphan(s), ${report.failed.length} failed`,
      ...report.removed.map(
        ({ resource, deleted }) => `  removed ${orphanLine(resource)} [${deleted.join(", ")}]`,
      ),
      ...report.failed.map(({ resource, error }) => `  FAILED ${orphanLine(resource)}: ${error}`),
    ],
    exitCode: report.failed.length > 0 ? 1 : 0,
  };
}
