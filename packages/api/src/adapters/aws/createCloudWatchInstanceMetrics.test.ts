import { CloudWatchClient, GetMetricDataCommand, InternalServiceFault } from "@aws-sdk/client-cloudwatch";
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createCloudWatchInstanceMetrics } from "./createCloudWatchInstanceMetrics.ts";

const settings = { region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
const cloudWatch = new CloudWatchClient(settings);
const loadBalancing = new ElasticLoadBalancingV2Client(settings);
const cloudWatchMock = mockClient(cloudWatch);
const loadBalancingMock = mockClient(loadBalancing);
const metrics = createCloudWatchInstanceMetrics({
  cloudWatch,
  loadBalancing,
  clusterName: "bbws-prod",
});
const instance = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "prod",
} as const;
const request = {
  instance,
  startTime: Date.parse("2026-11-22T10:00:00Z"),
  endTime: Date.parse("2026-11-22T10:15:00Z"),
  periodSeconds: 300,
};
const TARGET_GROUP_ARN =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-acme-prod/73e2d6bc24d8a067";
const LOAD_BALANCER_ARN =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/bbws-prod/50dc6c495c0c9188";
const SERVICE = [
  { Name: "ClusterName", Value: "bbws-prod" },
  { Name: "ServiceName", Value: "wp-acme-prod" },
];

function ecsQuery(id: string, metricName: string, period = 300) {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/ECS", MetricName: metricName, Dimensions: SERVICE },
      Period: period,
      Stat: "Average",
    },
    ReturnData: true,
  };
}
const REQUESTS_QUERY = {
  Id: "requests",
  MetricStat: {
    Metric: {
      Namespace: "AWS/ApplicationELB",
      MetricName: "RequestCount",
      Dimensions: [
        { Name: "TargetGroup", Value: "targetgroup/tg-acme-prod/73e2d6bc24d8a067" },
        { Name: "LoadBalancer", Value: "app/bbws-prod/50dc6c495c0c9188" },
      ],
    },
    Period: 300,
    Stat: "Sum",
  },
  ReturnData: true,
};
const at = (time: string) => new Date(`2026-11-22T${time}:00Z`);

beforeEach(() => {
  cloudWatchMock.reset();
  loadBalancingMock.reset();
  loadBalancingMock.on(DescribeTargetGroupsCommand).resolves({
    TargetGroups: [{ TargetGroupArn: TARGET_GROUP_ARN, LoadBalancerArns: [LOAD_BALANCER_ARN] }],
  });
});

describe("createCloudWatchInstanceMetrics", () => {
  it("asks for ECS CPU and memory and the target group's requests in one query, following NextToken", async () => {
    cloudWatchMock
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: "cpu",
            Timestamps: [at("10:00"), at("10:05")],
            Values: [12.5, 40],
            StatusCode: "PartialData",
          },
          { Id: "memory", Timestamps: [at("10:00")], Values: [61.25], StatusCode: "PartialData" },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: "cpu", Timestamps: [at("10:10")], Values: [7], StatusCode: "Complete" },
          {
            Id: "memory",
            Timestamps: [at("10:05"), at("10:10")],
            Values: [62, 63.5],
            StatusCode: "Complete",
          },
          {
            Id: "requests",
            Timestamps: [at("10:00"), at("10:10")],
            Values: [120, 3],
            StatusCode: "Complete",
          },
        ],
      });

    const page = await metrics.read(request);

    expect(loadBalancingMock.commandCalls(DescribeTargetGroupsCommand)[0]?.args[0].input).toEqual({
      Names: ["tg-acme-prod"],
    });
    const calls = cloudWatchMock.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
    const expected = {
      MetricDataQueries: [
        ecsQuery("cpu", "CPUUtilization"),
        ecsQuery("memory", "MemoryUtilization"),
        REQUESTS_QUERY,
      ],
      StartTime: new Date("2026-11-22T10:00:00Z"),
      EndTime: new Date("2026-11-22T10:15:00Z"),
      ScanBy: "TimestampAscending",
    };
    expect(calls).toEqual([expected, { ...expected, NextToken: "page-2" }]);
    expect(page).toEqual({
      period: 300,
      series: [
        {
          name: "CPUUtilization",
          unit: "Percent",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 12.5 },
            { timestamp: "2026-11-22T10:05:00.000Z", value: 40 },
            { timestamp: "2026-11-22T10:10:00.000Z", value: 7 },
          ],
        },
        {
          name: "MemoryUtilization",
          unit: "Percent",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 61.25 },
            { timestamp: "2026-11-22T10:05:00.000Z", value: 62 },
            { timestamp: "2026-11-22T10:10:00.000Z", value: 63.5 },
          ],
        },
        {
          name: "RequestCount",
          unit: "Count",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 120 },
            { timestamp: "2026-11-22T10:10:00.000Z", value: 3 },
          ],
        },
      ],
    });
  });

  it("without the target group asks only for CPU and memory and answers RequestCount without points", async () => {
    loadBalancingMock
      .on(DescribeTargetGroupsCommand)
      .rejects(
        new TargetGroupNotFoundException({ message: "One or more target groups not found", $metadata: {} }),
      );
    cloudWatchMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "cpu", Timestamps: [], Values: [], StatusCode: "Complete" },
        { Id: "memory", Timestamps: [at("10:00")], Values: [50], StatusCode: "Complete" },
      ],
    });
    const page = await metrics.read({ ...request, periodSeconds: 90 });
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)[0]?.args[0].input).toEqual({
      MetricDataQueries: [
        ecsQuery("cpu", "CPUUtilization", 120),
        ecsQuery("memory", "MemoryUtilization", 120),
      ],
      StartTime: new Date("2026-11-22T10:00:00Z"),
      EndTime: new Date("2026-11-22T10:15:00Z"),
      ScanBy: "TimestampAscending",
    });
    expect(page).toEqual({
      period: 120,
      series: [
        { name: "CPUUtilization", unit: "Percent", points: [] },
        {
          name: "MemoryUtilization",
          unit: "Percent",
          points: [{ timestamp: "2026-11-22T10:00:00.000Z", value: 50 }],
        },
        { name: "RequestCount", unit: "Count", points: [] },
      ],
    });
  });

  it("a target group no load balancer uses has no request count to ask for", async () => {
    loadBalancingMock
      .on(DescribeTargetGroupsCommand)
      .resolves({ TargetGroups: [{ TargetGroupArn: TARGET_GROUP_ARN, LoadBalancerArns: [] }] });
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    const page = await metrics.read(request);
    const input = cloudWatchMock.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.MetricDataQueries?.map((query) => query.Id)).toEqual(["cpu", "memory"]);
    expect(page.series.map((series) => series.points)).toEqual([[], [], []]);
  });

  it("reports a CloudWatch fault the SDK client could not retry away as API.DEPENDENCY_UNAVAILABLE (503)", async () => {
    cloudWatchMock
      .on(GetMetricDataCommand)
      .rejects(new InternalServiceFault({ message: "fault", $metadata: { httpStatusCode: 500 } }));
    await expect(metrics.read(request)).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      retryable: true,
      message: "CloudWatch cannot be read",
    });
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(1);
  });

  it("reports API.DEPENDENCY_UNAVAILABLE when the target group cannot be looked up", async () => {
    const denied = Object.assign(new Error("not allowed"), { name: "AccessDenied", $metadata: {} });
    loadBalancingMock.on(DescribeTargetGroupsCommand).rejects(denied);
    await expect(metrics.read(request)).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      message: "Elastic Load Balancing cannot be read",
      cause: denied,
    });
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
