import type { SqlPool } from "@bbws/storage";
import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimStats, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";
import { sleep } from "./virtualTime.ts";

interface AccessPoint {
  readonly AccessPointId: string;
  readonly RootDirectory: { Path: string };
  readonly createdAt: number;
  readonly clientToken: string;
}

/**
 * EFS access points: the per-file-system quota (AccessPointLimitExceeded), idempotent by
 * ClientToken, `creating` for a while before `available`.
 */
export function efsApi() {
  const points = new Map<string, AccessPoint>();
  let seq = 0;
  const bucket = createTokenBucket({ ratePerSecond: F.efsPerSecond.value, burst: F.efsPerSecond.burst });
  const describe = (point: AccessPoint) => ({
    AccessPointId: point.AccessPointId,
    RootDirectory: point.RootDirectory,
    LifeCycleState:
      Date.now() - point.createdAt >= F.efsAccessPointAvailableMs.value ? "available" : "creating",
  });
  const api: SimulatedApi = {
    service: "EFS",
    latencyMs: () => F.efsLatencyMs.value,
    bucketOf: () => ({ api: "EFS", bucket }),
    throttle: { name: "ThrottlingException", status: 429 },
    handlers: {
      CreateAccessPoint({ ClientToken, RootDirectory }) {
        const same = [...points.values()].find((point) => point.clientToken === ClientToken);
        if (same) return describe(same);
        if (points.size >= F.efsAccessPointsPerFileSystem.value)
          throw awsError(
            "AccessPointLimitExceeded",
            "You have reached the maximum number of access points for this file system.",
            403,
          );
        seq += 1;
        const point = {
          AccessPointId: `fsap-sim${seq}`,
          RootDirectory: { Path: RootDirectory?.Path },
          createdAt: Date.now(),
          clientToken: ClientToken,
        };
        points.set(point.AccessPointId, point);
        return describe(point);
      },
      DescribeAccessPoints({ AccessPointId, MaxResults, NextToken }) {
        if (AccessPointId) {
          const point = points.get(AccessPointId);
          if (!point) throw awsError("AccessPointNotFound", "Access point not found", 404);
          return { AccessPoints: [describe(point)] };
        }
        const all = [...points.values()];
        const start = Number(NextToken ?? 0);
        const end = start + (MaxResults ?? 100);
        return {
          AccessPoints: all.slice(start, end).map(describe),
          NextToken: end < all.length ? String(end) : undefined,
        };
      },
    },
  };
  return { api, points };
}

/**
 * RDS MySQL at the storage adapter's SQL port: each statement takes the RDS figure on one of a
 * few admin connections (the Lambdas' small pools); databases are remembered for `exists`.
 */
export function simulatedRds(stats: SimStats, connections: number): SqlPool {
  const databases = new Set<string>();
  let busy = 0;
  const waiting: (() => void)[] = [];
  async function query(sql: string, values: unknown[] = []) {
    stats.calls.set("RDS:query", (stats.calls.get("RDS:query") ?? 0) + 1);
    while (busy >= connections) await new Promise<void>((resolve) => waiting.push(resolve));
    busy += 1;
    try {
      await sleep(F.rdsQueryMs.value);
      const created = /^CREATE DATABASE IF NOT EXISTS `([^`]+)`/.exec(sql);
      if (created?.[1]) databases.add(created[1]);
      if (sql.startsWith("SELECT SCHEMA_NAME"))
        return [databases.has(String(values[0])) ? [{ SCHEMA_NAME: values[0] }] : [], []];
      return [[], []];
    } finally {
      busy -= 1;
      waiting.shift()?.();
    }
  }
  return {
    query: query as unknown as SqlPool["query"],
    getConnection: (async () => {
      throw new Error("the simulated RDS has no dedicated connections (dump and load are not simulated)");
    }) as unknown as SqlPool["getConnection"],
  };
}
