import { join } from "node:path";
import {
  createLedgerHealthChecks,
  createLocalApiHandler,
  createLocalIssuer,
  type InstanceLogs,
  type LocalApiServer,
  type LocalIssuer,
  startLocalApiServer,
} from "@bbws/api";
import type { LocalComputeProvider } from "@bbws/compute";
import { buildConsole, serveConsoleFile } from "@bbws/console";
import type { Logger } from "@bbws/mesh";
import { createLocalDeadLetters, createLocalEventReplays } from "./localOperations.ts";
import { createLocalOrphanOperations } from "./localOrphanOperations.ts";
import type { LocalStack } from "./startLocalStack.ts";

export interface LocalApi {
  readonly server: LocalApiServer;
  /** A bearer token of the local issuer, group platform-operators, valid 12 hours. */
  readonly operatorToken: string;
  /** The operator console's sign-in link: /console/ with an operator token in the fragment. */
  readonly consoleUrl: string;
  /** The local issuer, to mint tokens of other groups (a viewer's, in tests). */
  readonly issuer: LocalIssuer;
}

export const CONSOLE_PREFIX = "/console";

/** The REST API over the local stack: the same middy handler as the Lambda, behind a Node HTTP server. */
export async function startLocalApi(input: {
  stack: LocalStack;
  port: number;
  logger: Logger;
  /**
   * Each live health check part's budget (the API's own default, 400 ms, when absent). The e2e
   * tests give it seconds: what they assert is what a check finds, and on a loaded machine a
   * WordPress render can take longer than 400 ms.
   */
  healthPartTimeoutMs?: number;
}): Promise<LocalApi> {
  const { stack, logger } = input;
  const issuer = await createLocalIssuer({ dataDir: join(stack.dataDir, "api") });
  const handler = createLocalApiHandler({
    ledger: stack.mesh.ledger,
    store: stack.mesh.ledgerStore,
    issuer,
    defaults: { ...stack.specDefaults, imageTemplate: "wordpress:{version}-php8.2-apache" },
    logs: computeLogs(stack.compute),
    metrics: stack.metrics,
    replays: createLocalEventReplays(stack.mesh),
    deadLetters: createLocalDeadLetters(stack.mesh),
    orphans: createLocalOrphanOperations({
      scanner: stack.orphans,
      logger: logger.child({ service: "orphans" }),
    }),
    health: createLedgerHealthChecks({
      store: stack.mesh.ledgerStore,
      handleEvent: (event) => stack.mesh.ledger.handleEvent(event),
      probes: stack.healthProbes,
      ...(input.healthPartTimeoutMs !== undefined ? { partTimeoutMs: input.healthPartTimeoutMs } : {}),
    }),
    logger: logger.child({ service: "api" }),
  });
  // Same origin as the API: the console needs no CORS locally. Built on every start (~50 ms).
  const consoleFiles = await buildConsole({ apiUrl: "", auth: { mode: "local" } });
  const server = await startLocalApiServer({
    handler,
    logger,
    port: input.port,
    host: "127.0.0.1",
    staticFiles: (path) => serveConsoleFile(consoleFiles, CONSOLE_PREFIX, path),
  });
  const operatorToken = await issuer.mintToken({
    groups: ["platform-operators"],
    username: "local-operator",
    expiresInSeconds: 43_200,
  });
  const consoleUrl = `${server.url.replace(/\/$/, "")}${CONSOLE_PREFIX}/#access_token=${operatorToken}`;
  return { server, operatorToken, consoleUrl, issuer };
}

/** GET .../logs locally: the tenant's php -S log, paged by compute. */
function computeLogs(compute: LocalComputeProvider): InstanceLogs {
  return {
    async read(request) {
      const page = await compute.readLogs(request.instance, {
        ...(request.startTime !== undefined ? { startTime: new Date(request.startTime) } : {}),
        ...(request.endTime !== undefined ? { endTime: new Date(request.endTime) } : {}),
        limit: request.limit,
        ...(request.nextToken ? { nextToken: request.nextToken } : {}),
      });
      return { items: page.events, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },
  };
}
