import type { TokenBucket } from "./tokenBucket.ts";
import { sleep } from "./virtualTime.ts";

/** What one simulated AWS API answers: its handlers by action, its latency and its rate limits. */
export interface SimulatedApi {
  /** The service as reported (Cognito, ECS, ELBv2, ...). */
  readonly service: string;
  // biome-ignore lint/suspicious/noExplicitAny: inputs and outputs are the SDK's shapes, by action.
  readonly handlers: Readonly<Record<string, (input: any) => unknown>>;
  /** Milliseconds one call takes (its service time plus the network), by action. */
  readonly latencyMs: (action: string) => number;
  /** The bucket an action draws from (a category or an account-wide bucket); none = not limited here. */
  readonly bucketOf: (action: string) => { readonly api: string; readonly bucket: TokenBucket } | undefined;
  /** How this service says "slow down": its error name and HTTP status. */
  readonly throttle: { readonly name: string; readonly status: number };
}

/** What the simulation saw, per `Service:Action` or per rate-limit api. */
export interface SimStats {
  readonly calls: Map<string, number>;
  readonly throttles: Map<string, number>;
  /** Tokens taken (calls admitted) per rate-limited api. */
  readonly admitted: Map<string, number>;
}

export const newSimStats = (): SimStats => ({ calls: new Map(), throttles: new Map(), admitted: new Map() });

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** An error shaped as the SDK deserialises a service's error: name, $fault, $metadata. */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, requestId: "simulated", attempts: 1, totalRetryDelay: 0 },
  });
}

/** Any SDK v3 client (its middleware stack is all the simulation touches). */
interface SdkClient {
  readonly middlewareStack: {
    // biome-ignore lint/suspicious/noExplicitAny: every client's stack has its own input and output types.
    addRelativeTo(middleware: any, options: any): void;
  };
}

/**
 * Answers the client's calls from `api` instead of the network. The middleware sits right inside
 * the SDK's retry middleware, so the real retry strategy (awsSdkRetrySettings(): adaptive, 3
 * attempts, quotas not retried) sees every throttle and backs off in virtual time; what it gives up on reaches the
 * adapter's error translation as the service's own error.
 */
export function simulate<C extends SdkClient>(client: C, api: SimulatedApi, stats: SimStats): C {
  const middleware =
    (_next: unknown, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const action = (context.commandName ?? "Unknown").replace(/Command$/, "");
      bump(stats.calls, `${api.service}:${action}`);
      await sleep(api.latencyMs(action));
      const limit = api.bucketOf(action);
      if (limit && !limit.bucket.tryTake()) {
        bump(stats.throttles, limit.api);
        throw awsError(api.throttle.name, "Rate exceeded", api.throttle.status);
      }
      if (limit) bump(stats.admitted, limit.api);
      const handler = api.handlers[action];
      if (!handler) throw new Error(`the simulated ${api.service} has no ${action}`);
      const output = (await handler(args.input)) ?? {};
      return {
        output: { ...(output as object), $metadata: { httpStatusCode: 200, requestId: "simulated" } },
        response: { statusCode: 200, headers: {} },
      };
    };
  client.middlewareStack.addRelativeTo(middleware, {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "awsSimulation",
    override: true,
  });
  return client;
}
