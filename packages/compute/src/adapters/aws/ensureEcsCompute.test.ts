import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { beforeEach, describe, expect, it } from "vitest";
import { computeRecordKey } from "./computeRecord.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import {
  awsError,
  config,
  countingLimiter,
  instance,
  type MockedClients,
  mockedClients,
  SERVICE_ARN,
  sampleRequest,
  service,
  TD_ARN,
  tags,
  testDeps,
} from "./ecsTestKit.ts";

let clients: MockedClients;
beforeEach(() => {
  clients = mockedClients();
  clients.logsMock.on(CreateLogGroupCommand).resolves({});
  clients.logsMock.on(PutRetentionPolicyCommand).resolves({});
  clients.ecsMock
    .on(RegisterTaskDefinitionCommand)
    .resolves({ taskDefinition: { taskDefinitionArn: TD_ARN(1) } });
  clients.ecsMock.on(CreateServiceCommand).resolves({ service: service() });
});

const DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/db-XyZ123";
const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-acme-dev/0123456789abcdef";

describe("ensureCompute on ECS", () => {
  it("registers the task definition with exactly this input", async () => {
    await createEcsComputeProvider(testDeps(clients)).ensureCompute(instance, sampleRequest());
    const calls = clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      family: "wp-acme-dev",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      executionRoleArn: config.executionRoleArn,
      taskRoleArn: config.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: [
        {
          name: "wordpress",
          image: "wordpress:6.4.3-php8.2-apache",
          essential: true,
          portMappings: [{ containerPort: 80, protocol: "tcp" }],
          environment: [
            { name: "WORDPRESS_DB_HOST", value: "bbws-dev.cluster-abc.eu-west-1.rds.amazonaws.com:3306" },
            { name: "WORDPRESS_DB_NAME", value: "wp_acme" },
            { name: "BBWS_SITE_URL", value: "https://acme.sites.bbws.example.com/" },
            { name: "BBWS_SSO_USER_POOL_ID", value: "eu-west-1_AbCdEf123" },
            { name: "BBWS_SSO_CLIENT_ID", value: "1h2j3k4l5m6n7o8p9q0r1s2t3u" },
            { name: "BBWS_SSO_DOMAIN", value: "bbws-acme-dev.auth.eu-west-1.amazoncognito.com" },
          ],
          secrets: [
            { name: "WORDPRESS_DB_USER", valueFrom: `${DB_SECRET}:username::` },
            { name: "WORDPRESS_DB_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
            {
              name: "BBWS_SSO_CLIENT_SECRET",
              valueFrom:
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/sso-client-AbCdEf:clientSecret::",
            },
          ],
          mountPoints: [
            { sourceVolume: "wp-content", containerPath: "/var/www/html/wp-content", readOnly: false },
          ],
          logConfiguration: {
            logDriver: "awslogs",
            options: {
              "awslogs-group": "/bbws/wp/acme",
              "awslogs-region": "eu-west-1",
              "awslogs-stream-prefix": "wp-acme-dev",
            },
          },
          healthCheck: {
            command: ["CMD-SHELL", "curl -fsS -o /dev/null http://localhost/wp-login.php || exit 1"],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 60,
          },
        },
      ],
      volumes: [
        {
          name: "wp-content",
          efsVolumeConfiguration: {
            fileSystemId: "fs-0123456789abcdef0",
            rootDirectory: "/",
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: "fsap-0123456789abcdef0", iam: "ENABLED" },
          },
        },
      ],
      tags,
    });
  });

  it("creates the service with exactly this input, behind the launch limiter, and reports its refs", async () => {
    const limiter = countingLimiter();
    const provider = createEcsComputeProvider(testDeps(clients, { limiter }));
    const outputs = await provider.ensureCompute(instance, sampleRequest({ desiredCount: 2 }));
    expect(outputs).toEqual({ serviceRef: SERVICE_ARN, taskDefinitionRef: TD_ARN(1), desiredCount: 2 });
    const calls = clients.ecsMock.commandCalls(CreateServiceCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      cluster: "bbws-dev",
      serviceName: "wp-acme-dev",
      taskDefinition: TD_ARN(1),
      desiredCount: 2,
      launchType: "FARGATE",
      platformVersion: "1.4.0",
      clientToken: instance.instanceId,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ["subnet-private-a", "subnet-private-b"],
          securityGroups: ["sg-wordpress"],
          assignPublicIp: "DISABLED",
        },
      },
      loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: "wordpress", containerPort: 80 }],
      healthCheckGracePeriodSeconds: 120,
      schedulingStrategy: "REPLICA",
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
      propagateTags: "SERVICE",
      enableECSManagedTags: true,
      tags,
    });
    // One token for the install task, one per service task.
    expect(limiter.taken).toBe(3);
  });

  it("creates the log group (tagged) once, tolerating an existing one, and sets its retention", async () => {
    clients.logsMock.on(CreateLogGroupCommand).rejects(awsError("ResourceAlreadyExistsException"));
    await createEcsComputeProvider(testDeps(clients)).ensureCompute(instance, sampleRequest());
    expect(clients.logsMock.commandCalls(CreateLogGroupCommand)[0]?.args[0].input).toEqual({
      logGroupName: "/bbws/wp/acme",
      tags: {
        "bbws:tenantId": "acme",
        "bbws:instanceId": instance.instanceId,
        "bbws:environment": "dev",
        "bbws:managedBy": "bbws-instance-management",
      },
    });
    expect(clients.logsMock.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input).toEqual({
      logGroupName: "/bbws/wp/acme",
      retentionInDays: 30,
    });
  });

  it("records the intent (with the revision) before CreateService and the service after it", async () => {
    const deps = testDeps(clients);
    const seen: string[] = [];
    clients.ecsMock.on(CreateServiceCommand).callsFake(async () => {
      const record = await deps.records.get(computeRecordKey(instance));
      seen.push(`${record?.state} ${record?.attributes.taskDefinitionArn}`);
      return { service: service() };
    });
    await createEcsComputeProvider(deps).ensureCompute(instance, sampleRequest());
    expect(seen).toEqual([`intended ${TD_ARN(1)}`]);
    expect(await deps.records.get(computeRecordKey(instance))).toMatchObject({
      state: "created",
      service: "compute",
      kind: "ecs-service",
      attributes: { serviceArn: SERVICE_ARN, taskDefinitionArn: TD_ARN(1), desiredCount: "1" },
    });
  });

  it("repeats without a new revision: the same clientToken makes CreateService return the same service", async () => {
    const provider = createEcsComputeProvider(testDeps(clients));
    const first = await provider.ensureCompute(instance, sampleRequest());
    expect(await provider.ensureCompute(instance, sampleRequest())).toEqual(first);
    expect(clients.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    const tokens = clients.ecsMock
      .commandCalls(CreateServiceCommand)
      .map((call) => call.args[0].input.clientToken);
    expect(tokens).toEqual([instance.instanceId, instance.instanceId]);
  });
});
