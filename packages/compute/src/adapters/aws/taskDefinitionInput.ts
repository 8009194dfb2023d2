import type {
  ContainerDefinition,
  KeyValuePair,
  RegisterTaskDefinitionCommandInput,
  Secret,
  Tag,
} from "@aws-sdk/client-ecs";
import {
  type InstanceRef,
  resourceNames,
  resourceTags,
  SSO_CLIENT_SECRET_KEY,
  sizePreset,
} from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { CONTAINER_NAME, CONTAINER_PORT, CONTENT_VOLUME, type EcsComputeConfig } from "./ecsComputeConfig.ts";
import { taskRoleArnOf } from "./tenantTaskRolePolicy.ts";

export function ecsTags(instance: InstanceRef): Tag[] {
  const tags = resourceTags(instance);
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function namesOf(instance: InstanceRef) {
  return resourceNames(instance.tenantId, instance.environment);
}

/** ECS resolves secrets by ARN only; a `local-secret:` reference means the event came from the wrong stack. */
function secretArn(ref: string, field: string): string {
  if (!ref.startsWith("arn:"))
    throw new ComputeError("COMPUTE.INVALID_REQUEST", `${field} must be a Secrets Manager ARN, got ${ref}`, {
      retryable: false,
    });
  return ref;
}

/**
 * The tenant's WordPress task: the image and size of the spec, the database and SSO
 * settings as environment, the credentials as secrets resolved by ECS at start (so they
 * never appear in the task definition), and wp-content on EFS through the tenant's access
 * point with IAM authorisation, so a task can only reach its own tenant's directory.
 */
export function buildTaskDefinitionInput(
  instance: InstanceRef,
  request: ComputeRequest,
  config: EcsComputeConfig,
): RegisterTaskDefinitionCommandInput {
  const preset = sizePreset(request.spec.size);
  return {
    family: namesOf(instance).taskDefinitionFamily,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(preset.cpu),
    memory: String(preset.memoryMiB),
    // The tenant's own role is both: ECS reads only this tenant's secrets, the task reaches only its access point.
    executionRoleArn: taskRoleArnOf(config, instance),
    taskRoleArn: taskRoleArnOf(config, instance),
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: config.cpuArchitecture ?? "X86_64" },
    containerDefinitions: [wordpressContainer(instance, request, config)],
    volumes: [
      {
        name: CONTENT_VOLUME,
        efsVolumeConfiguration: {
          fileSystemId: config.fileSystemId,
          // With an access point the root must be "/": the access point itself is rooted at /tenants/{id}.
          rootDirectory: "/",
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: request.storage.accessPointId, iam: "ENABLED" },
        },
      },
    ],
    tags: ecsTags(instance),
  };
}

function wordpressContainer(
  instance: InstanceRef,
  request: ComputeRequest,
  config: EcsComputeConfig,
): ContainerDefinition {
  return {
    name: CONTAINER_NAME,
    image: request.spec.wordpress.image,
    essential: true,
    portMappings: [{ containerPort: CONTAINER_PORT, protocol: "tcp" }],
    environment: environmentOf(request),
    secrets: secretsOf(request),
    mountPoints: [
      { sourceVolume: CONTENT_VOLUME, containerPath: "/var/www/html/wp-content", readOnly: false },
    ],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": namesOf(instance).logGroup,
        "awslogs-region": config.region,
        // The log group is per tenant; the prefix keeps each environment's streams apart
        // and is what the API's log reader filters on (resourceNames: one source).
        "awslogs-stream-prefix": namesOf(instance).logStreamPrefix,
      },
    },
    // A redirect (WordPress not installed yet) passes: -f only fails on 4xx/5xx.
    healthCheck: {
      command: ["CMD-SHELL", "curl -fsS -o /dev/null http://localhost/wp-login.php || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    },
  };
}

function environmentOf({ storage, identity, routing }: ComputeRequest): KeyValuePair[] {
  return [
    { name: "WORDPRESS_DB_HOST", value: `${storage.databaseHost}:${storage.databasePort}` },
    { name: "WORDPRESS_DB_NAME", value: storage.databaseName },
    { name: "BBWS_SITE_URL", value: routing.url },
    { name: "BBWS_SSO_USER_POOL_ID", value: identity.userPoolId },
    { name: "BBWS_SSO_CLIENT_ID", value: identity.appClientId },
    { name: "BBWS_SSO_DOMAIN", value: identity.hostedDomain },
  ];
}

/** `arn:...:json-key::` picks one key of the JSON secret (version stage and id left empty: AWSCURRENT). */
function secretsOf({ storage, identity }: ComputeRequest): Secret[] {
  const dbSecret = secretArn(storage.credentialsSecretRef, "storage.credentialsSecretRef");
  return [
    { name: "WORDPRESS_DB_USER", valueFrom: `${dbSecret}:username::` },
    { name: "WORDPRESS_DB_PASSWORD", valueFrom: `${dbSecret}:password::` },
    {
      name: "BBWS_SSO_CLIENT_SECRET",
      valueFrom: `${secretArn(identity.clientSecretRef, "identity.clientSecretRef")}:${SSO_CLIENT_SECRET_KEY}::`,
    },
  ];
}
