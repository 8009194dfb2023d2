import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataOutput,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { resourceNames } from "@bbws/contracts";
import { ApiError } from "../../domain/errors.ts";
import type { MetricsPage } from "../../domain/viewSchemas.ts";
import type { InstanceMetrics } from "../../ports.ts";

export interface CloudWatchInstanceMetricsOptions {
  readonly cloudWatch: CloudWatchClient;
  readonly loadBalancing: ElasticLoadBalancingV2Client;
  /** The ECS cluster the tenants' services run in. */
  readonly clusterName: string;
}

/** Query id (lowercase first letter, as CloudWatch wants) -> series name and unit; the answer's order. */
const SERIES = [
  { id: "cpu", name: "CPUUtilization", unit: "Percent" },
  { id: "memory", name: "MemoryUtilization", unit: "Percent" },
  { id: "requests", name: "RequestCount", unit: "Count" },
] as const;

interface AlbDimensions {
  readonly targetGroup: string;
  readonly loadBalancer: string;
}

/**
 * Instance metrics from CloudWatch in one GetMetricData: the ECS service's CPU and memory
 * utilisation (Average, percent of the task size) and the ALB's RequestCount (Sum) of the
 * tenant's target group. CloudWatch keeps ECS and ALB metrics per minute, so the period is
 * rounded up to a multiple of 60 s (the answer's `period` says which one was used). The clients
 * retry (awsSdkRetrySettings(), the one retry budget); what still fails is a 503.
 */
export function createCloudWatchInstanceMetrics(options: CloudWatchInstanceMetricsOptions): InstanceMetrics {
  /** The target group's and its load balancer's ARN suffixes; null without a group or a load balancer. */
  async function albDimensions(targetGroupName: string): Promise<AlbDimensions | null> {
    try {
      const output = await options.loadBalancing.send(
        new DescribeTargetGroupsCommand({ Names: [targetGroupName] }),
      );
      const group = output.TargetGroups?.[0];
      const loadBalancerArn = group?.LoadBalancerArns?.[0];
      if (!group?.TargetGroupArn || !loadBalancerArn) return null;
      return {
        targetGroup: arnResource(group.TargetGroupArn),
        loadBalancer: arnResource(loadBalancerArn).replace(/^loadbalancer\//, ""),
      };
    } catch (error) {
      // Not made yet, or already removed: the instance has no request count.
      if (error instanceof Error && error.name === "TargetGroupNotFoundException") return null;
      throw unavailable("Elastic Load Balancing", error);
    }
  }

  return {
    async read({ instance, startTime, endTime, periodSeconds }) {
      const names = resourceNames(instance.tenantId, instance.environment);
      const period = Math.ceil(periodSeconds / 60) * 60;
      const service = [
        { Name: "ClusterName", Value: options.clusterName },
        { Name: "ServiceName", Value: names.ecsService },
      ];
      const queries: MetricDataQuery[] = [
        query("cpu", "AWS/ECS", "CPUUtilization", service, "Average", period),
        query("memory", "AWS/ECS", "MemoryUtilization", service, "Average", period),
      ];
      const alb = await albDimensions(names.targetGroup);
      if (alb) {
        const dimensions = [
          { Name: "TargetGroup", Value: alb.targetGroup },
          { Name: "LoadBalancer", Value: alb.loadBalancer },
        ];
        queries.push(query("requests", "AWS/ApplicationELB", "RequestCount", dimensions, "Sum", period));
      }
      const points: PointsById = new Map();
      let nextToken: string | undefined;
      do {
        const command = new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(startTime),
          EndTime: new Date(endTime),
          ScanBy: "TimestampAscending",
          ...(nextToken ? { NextToken: nextToken } : {}),
        });
        const output = await options.cloudWatch.send(command).catch((error: unknown) => {
          throw unavailable("CloudWatch", error);
        });
        appendPoints(points, output);
        nextToken = output.NextToken;
      } while (nextToken);
      return {
        period,
        series: SERIES.map(({ id, name, unit }) => ({ name, unit, points: points.get(id) ?? [] })),
      };
    },
  };
}

type PointsById = Map<string, MetricsPage["series"][number]["points"]>;

/** A page may hold part of a query's points; the next page goes on where it stopped (oldest first). */
function appendPoints(points: PointsById, output: GetMetricDataOutput): void {
  for (const result of output.MetricDataResults ?? []) {
    const id = result.Id ?? "";
    const found = points.get(id) ?? [];
    const values = result.Values ?? [];
    (result.Timestamps ?? []).forEach((timestamp, index) => {
      const value = values[index];
      if (value !== undefined) found.push({ timestamp: timestamp.toISOString(), value });
    });
    points.set(id, found);
  }
}

function query(
  id: string,
  namespace: string,
  metricName: string,
  dimensions: { Name: string; Value: string }[],
  stat: "Average" | "Sum",
  period: number,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions },
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  };
}

/** `arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{id}` -> `targetgroup/{name}/{id}`. */
function arnResource(arn: string): string {
  return arn.split(":").slice(5).join(":");
}

function unavailable(service: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError("API.DEPENDENCY_UNAVAILABLE", `${service} cannot be read`, {
    cause: error,
    retryable: true,
  });
}
