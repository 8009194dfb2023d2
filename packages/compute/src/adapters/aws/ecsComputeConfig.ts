import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { IAMClient } from "@aws-sdk/client-iam";
import { createRateLimiter, type RateLimiter } from "@bbws/mesh";

/** The shared infrastructure every tenant's service runs on (one per environment and account). */
export interface EcsComputeConfig {
  readonly cluster: string;
  /** Private subnets: tasks get no public IP and reach ECR, Secrets Manager and EFS through NAT or endpoints. */
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  /**
   * The environment's account: each tenant's task role `wp-{tenantId}-{env}-task` (its task AND
   * execution role, made by createTaskRole) and its access point's ARN are in it.
   */
  readonly accountId: string;
  readonly fileSystemId: string;
  readonly region: string;
  /** Fargate platform; EFS volumes need 1.4.0 or later. Defaults to "1.4.0" so LATEST cannot move under us. */
  readonly platformVersion?: string;
  /** Grace before the ALB health check can fail a new task (WordPress's first boot copies files). Default 120. */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Retention set on the log group when compute creates it. Default 30. */
  readonly logRetentionDays?: number;
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

export type HttpGet = (url: string) => Promise<{ status: number }>;

export interface EcsComputeDeps {
  readonly ecs: ECSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly logs: CloudWatchLogsClient;
  /** The tenants' task roles. */
  readonly iam: IAMClient;
  readonly config: EcsComputeConfig;
  /** One per process, shared by every caller that launches Fargate tasks: see createFargateLaunchLimiter. */
  readonly limiter: RateLimiter;
  /** WordPress's answer at the routing URL; injected so tests do no network. */
  readonly httpGet?: HttpGet;
  readonly clock?: () => Date;
}

/** Fargate's task launch quota: bursts of 100, then 20 per second. */
export const FARGATE_LAUNCH_RATE = { ratePerSecond: 20, burst: 100 } as const;

export function createFargateLaunchLimiter(
  clock: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): RateLimiter {
  return createRateLimiter({ ...FARGATE_LAUNCH_RATE, ...clock });
}

/** Waits for one token per task the call may start: the quota counts tasks, not API calls. */
export async function acquireLaunches(limiter: RateLimiter, tasks: number): Promise<void> {
  for (let launched = 0; launched < tasks; launched += 1) await limiter.acquire();
}

/** Redirects are not followed: before WordPress is installed every page redirects to install.php. */
export const fetchHttpGet: HttpGet = async (url) => {
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
  return { status: response.status };
};

export const CONTAINER_NAME = "wordpress";
export const CONTAINER_PORT = 80;
export const CONTENT_VOLUME = "wp-content";
