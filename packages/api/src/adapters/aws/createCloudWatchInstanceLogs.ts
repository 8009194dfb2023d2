import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { resourceNames } from "@bbws/contracts";
import { ApiError } from "../../domain/errors.ts";
import type { InstanceLogs } from "../../ports.ts";

export interface CloudWatchInstanceLogsOptions {
  readonly client: CloudWatchLogsClient;
}

/**
 * Instance logs from CloudWatch Logs: the tenant's log group `/bbws/wp/{tenantId}`
 * (resourceNames), streams prefixed with the ECS service name `wp-{tenantId}-{env}`,
 * which is what compute's awslogs driver must use as `awslogs-stream-prefix` so that
 * one environment's logs do not show under another's.
 */
export function createCloudWatchInstanceLogs(options: CloudWatchInstanceLogsOptions): InstanceLogs {
  const { client } = options;
  return {
    async read({ instance, startTime, endTime, limit, nextToken }) {
      const names = resourceNames(instance.tenantId, instance.environment);
      const command = new FilterLogEventsCommand({
        logGroupName: names.logGroup,
        logStreamNamePrefix: `${names.logStreamPrefix}/`,
        ...(startTime !== undefined ? { startTime } : {}),
        ...(endTime !== undefined ? { endTime } : {}),
        limit,
        ...(nextToken ? { nextToken } : {}),
      });
      try {
        // The client retries (awsSdkRetrySettings()); what still fails is a 503 below.
        const output = await client.send(command);
        return {
          items: (output.events ?? []).map((event) => ({
            timestamp: new Date(event.timestamp ?? 0).toISOString(),
            message: event.message ?? "",
            ...(event.logStreamName ? { stream: event.logStreamName } : {}),
          })),
          ...(output.nextToken ? { nextToken: output.nextToken } : {}),
        };
      } catch (error) {
        // No log group yet: the instance has not logged anything.
        if (error instanceof Error && error.name === "ResourceNotFoundException") return { items: [] };
        throw translate(error);
      }
    },
  };
}

function translate(error: unknown): ApiError {
  const name = error instanceof Error ? error.name : "";
  if (name === "InvalidParameterException")
    return new ApiError("API.INVALID_CURSOR", "nextToken is not one CloudWatch Logs issued for this query", {
      cause: error,
    });
  return new ApiError("API.DEPENDENCY_UNAVAILABLE", "CloudWatch Logs cannot be read", {
    cause: error,
    retryable: true,
  });
}
