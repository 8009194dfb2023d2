import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import {
  awsError,
  ecsTestBed,
  inputsOf,
  instance,
  SERVICE_ARN,
  sampleRequest,
  stubProvisioning,
  TASK_ROLE_ARN,
  TD_ARN,
  tags,
  wanted,
} from "./ecsTestKit.ts";

const bed = ecsTestBed(stubProvisioning);

const DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/db-XyZ123";
const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-acme-dev/0123456789abcdef";

describe("the ECS provisioning steps", () => {
  it("registers the task definition with exactly this input and answers its ARN", async () => {
    expect(await bed.provider.registerRevision(instance, sampleRequest())).toBe(TD_ARN(1));
    expect(inputsOf(bed.clients, RegisterTaskDefinitionCommand)).toEqual([
      {
        family: "wp-acme-dev",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        executionRoleArn: TASK_ROLE_ARN,
        taskRoleArn: TASK_ROLE_ARN,
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
      },
    ]);
  });

  it("creates the service with exactly this input, behind the launch limiter, and reports its refs", async () => {
    expect(await bed.provider.createService(instance, wanted(2))).toBe(SERVICE_ARN);
    expect(inputsOf(bed.clients, CreateServiceCommand)).toEqual([
      {
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
      },
    ]);
    // One token per service task.
    expect(bed.limiter.taken).toBe(2);
  });

  it("creates the log group (tagged) once, tolerating an existing one, and sets its retention", async () => {
    bed.clients.logsMock.on(CreateLogGroupCommand).rejects(awsError("ResourceAlreadyExistsException"));
    await bed.provider.prepareLogs(instance);
    expect(bed.clients.logsMock.commandCalls(CreateLogGroupCommand)[0]?.args[0].input).toEqual({
      logGroupName: "/bbws/wp/acme",
      tags: {
        "bbws:tenantId": "acme",
        "bbws:instanceId": instance.instanceId,
        "bbws:environment": "dev",
        "bbws:managedBy": "bbws-instance-management",
      },
    });
    expect(bed.clients.logsMock.commandCalls(PutRetentionPolicyCommand)[0]?.args[0].input).toEqual({
      logGroupName: "/bbws/wp/acme",
      retentionInDays: 30,
    });
  });

  it("repeats CreateService with the same clientToken, so a retry is the same service", async () => {
    expect(await bed.provider.createService(instance, wanted())).toBe(SERVICE_ARN);
    expect(await bed.provider.createService(instance, wanted())).toBe(SERVICE_ARN);
    const tokens = inputsOf(bed.clients, CreateServiceCommand).map((input) => input.clientToken);
    expect(tokens).toEqual([instance.instanceId, instance.instanceId]);
  });
});
